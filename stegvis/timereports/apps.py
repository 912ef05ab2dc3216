from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TimereportsConfig(AppConfig):
    """Time reports: participants' attested hours and staff time per organisation."""

    name = "stegvis.timereports"
    label = "timereports"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule
        from stegvis.timereports.rules import staff_time_rule

        register_rule("timereports.MonthReport", enrollment_rule("enrollment"))
        register_rule("timereports.TimeEntry", enrollment_rule("report__enrollment"))
        register_rule("timereports.StaffTime", staff_time_rule)

        from stegvis.core.sections import register_participant_section
        from stegvis.timereports.participant import section_context

        register_participant_section(
            "timereports",
            template="timereports/participant_section.html",
            context=section_context,
            order=47,
            label=gettext_lazy("Närvaro och tid"),
        )
