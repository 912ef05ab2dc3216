from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy


class SurveysConfig(AppConfig):
    """Surveys (enkäter) as data: templates, one-time links, anonymous or named answers, results."""

    name = "stegvis.surveys"
    label = "surveys"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.surveys.defaults import install_defaults
        from stegvis.surveys.rules import register_rules

        register_rules()
        # The default exit survey is installed after every migrate (idempotent), so the app keeps
        # one migration and a test database flushed between browser tests gets it back too.
        post_migrate.connect(install_defaults, sender=self, dispatch_uid="surveys.install_defaults")

        from stegvis.core.sections import register_participant_section, register_project_page
        from stegvis.surveys.participant import section_context

        register_participant_section(
            "surveys",
            template="surveys/participant/section.html",
            context=section_context,
            order=30,
            label=gettext_lazy("Enkäter"),
        )
        register_project_page("surveys", label=_("Enkäter"), url_name="surveys:results", order=35)

        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables
        from stegvis.surveys.figures import surveys_section
        from stegvis.surveys.tables import surveys_tables

        register_report_section("surveys", surveys_section)
        register_tables("surveys", surveys_tables, order=75)

        from stegvis.reports.external.amif import register_support_helped
        from stegvis.surveys.courses import course_evaluation_figures, course_evaluation_tables
        from stegvis.surveys.figures import agreement_by_gender

        register_report_section("course_evaluations", course_evaluation_figures)
        register_tables("course_evaluations", course_evaluation_tables, order=76)
        register_support_helped(agreement_by_gender)
        register_project_page(
            "course_evaluations", label=_("Kursutvärderingar"), url_name="surveys:courses", order=36
        )

        from stegvis.surveys.indicator import register_survey_indicator

        register_survey_indicator()

        from stegvis.notifications.periodic import register_periodic
        from stegvis.notifications.reminders import register_reminder_source
        from stegvis.surveys.actions import send_due
        from stegvis.surveys.reminders import exit_surveys_to_send

        register_periodic(
            "surveys.send_due",
            send_due,
            description="Skicka enkätlänkar vid och efter avslut och vid kursers slut",
        )
        register_reminder_source(
            "surveys.exit_survey",
            label=_("Slutenkäter att skicka"),
            count=exit_surveys_to_send,
            url_name="surveys:due",
            order=40,
        )
