from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class PrinciplesConfig(AppConfig):
    """Horizontal principles: accessibility adaptations per participant, the project's checklist."""

    name = "stegvis.principles"
    label = "principles"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("principles.Adaptation", enrollment_rule("enrollment"))

        from stegvis.core.sections import register_participant_section, register_project_page
        from stegvis.principles.participant import section_context

        register_participant_section(
            "adaptations",
            template="principles/participant/section.html",
            context=section_context,
            order=45,
            label=gettext_lazy("Anpassningar"),
        )
        register_project_page(
            "principles", label=_("Horisontella principer"), url_name="principles:checklist", order=85
        )

        from stegvis.principles.report import adaptation_figures, adaptation_tables, checklist_tables
        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables

        register_report_section("adaptations", adaptation_figures)
        register_tables("adaptations", adaptation_tables, order=77)

        from stegvis.reports.exports.chapters import register_chapter_tables

        register_chapter_tables("horisontella", checklist_tables)
