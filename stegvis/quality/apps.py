from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Data quality: records that need attention, in the report, on a page and on the start page."""

    name = "stegvis.quality"
    label = "quality"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page

        register_project_page("quality", label=_("Datakvalitet"), url_name="quality:project", order=47)

        from stegvis.quality.report import data_quality_figures, data_quality_tables
        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables

        register_report_section("data_quality", data_quality_figures)
        register_tables("data_quality", data_quality_tables, order=78)

        from stegvis.notifications.periodic import register_periodic
        from stegvis.quality.snapshots import take_snapshots

        register_periodic(
            "quality.snapshots",
            take_snapshots,
            description="Spara dagens siffror om datakvalitet per projekt",
        )
