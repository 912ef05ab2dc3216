from django.apps import AppConfig


class NarrativesConfig(AppConfig):
    """The project's own texts for the final report, kept per chapter of the ESF council's template."""

    name = "stegvis.narratives"
    label = "narratives"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page
        from stegvis.narratives.models import texts_of_project
        from stegvis.reports.exports.chapters import register_text_source

        register_text_source(texts_of_project)
        register_project_page(
            "final_report_texts", label=_("Slutrapportens texter"), url_name="narratives:texts", order=25
        )
