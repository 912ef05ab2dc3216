from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CohortsConfig(AppConfig):
    """Start groups (cohorts): members, sessions and attendance."""

    name = "stegvis.cohorts"
    label = "cohorts"

    def ready(self):
        from stegvis.cohorts.rules import cohort_rule, session_rule
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("cohorts.Cohort", cohort_rule)
        register_rule("cohorts.CohortSession", session_rule)
        register_rule("cohorts.CohortMember", enrollment_rule("enrollment"))
        register_rule("cohorts.Attendance", enrollment_rule("member__enrollment"))

        from stegvis.cohorts.participant import section_context
        from stegvis.core.sections import register_participant_section

        register_participant_section(
            "cohorts",
            template="cohorts/participant_section.html",
            context=section_context,
            order=45,
            label=gettext_lazy("Startgrupper"),
        )
