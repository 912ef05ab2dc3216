from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class OutcomesConfig(AppConfig):
    """What became of participants after exit: follow-ups at +1, +3 and +6 months."""

    name = "stegvis.outcomes"
    label = "outcomes"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("outcomes.ExitFollowUp", enrollment_rule("enrollment"))

        from stegvis.core.sections import register_participant_section
        from stegvis.outcomes.participant import section_context

        register_participant_section(
            "outcomes",
            template="outcomes/participant/section.html",
            context=section_context,
            order=20,
            label=gettext_lazy("Efter avslut"),
        )

        from stegvis.outcomes.report import after_exit, after_exit_tables
        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables

        register_report_section("after_exit", after_exit)
        register_tables("after_exit", after_exit_tables, order=70)

        from stegvis.outcomes import esf_follow_up
        from stegvis.reports.external.esf import register_follow_up_after_exit

        register_follow_up_after_exit(
            exited_by=esf_follow_up.exited_by, due=esf_follow_up.due, recorded=esf_follow_up.recorded
        )
