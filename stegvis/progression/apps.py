from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ProgressionConfig(AppConfig):
    name = "stegvis.progression"
    label = "progression"

    def ready(self):
        # Access rules for this app's personal data, and its section of the project report.
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule, person_rule

        register_rule("progression.Measurement", enrollment_rule("enrollment"))
        register_rule("progression.Answer", enrollment_rule("measurement__enrollment"))
        register_rule("progression.SelfAssessmentLink", enrollment_rule("enrollment"))
        register_rule("progression.LanguageLevel", person_rule("person"))

        from stegvis.progression.measuring.language import language_steps
        from stegvis.progression.statistics.rule import positive_progression, progression_provider
        from stegvis.reports.project_report import (
            register_positive_progression,
            register_progression_provider,
            register_report_section,
        )

        register_progression_provider(progression_provider)
        register_positive_progression(positive_progression)

        from stegvis.core.sections import register_participant_action, register_participant_section
        from stegvis.progression.participant import section_context

        register_participant_section(
            "progression",
            template="progression/participant/section.html",
            context=section_context,
            order=10,
            label=gettext_lazy("Stegförflyttning"),
            takes_query=True,
        )
        register_participant_action(
            "measurement",
            label=gettext_lazy("Registrera mätning"),
            url_name="progression:measurement_create",
            order=20,
        )
        register_report_section(
            "language", lambda project, enrollments, on: language_steps(project, on, enrollments=enrollments)
        )

        from stegvis.progression.measuring.language_tables import language_tables
        from stegvis.reports.tables import register_tables

        register_tables("language", language_tables, order=41)
