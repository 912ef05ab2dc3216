from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "stegvis.reports"
    label = "reports"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page
        from stegvis.reports import breakdowns, coordinator_summary, group_tables
        from stegvis.reports.exports import tables as export_tables
        from stegvis.reports.external import registry as external_registry
        from stegvis.reports.followup import tables as followup_tables
        from stegvis.reports.followup.parts import register_followup_tables
        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables
        from stegvis.reports.whatworks import figures as whatworks_figures
        from stegvis.reports.whatworks import tables as whatworks_tables

        external_registry.register()
        register_project_page("followup", label=_("Månadsuppföljning"), url_name="reports:followup", order=10)
        export_tables.register()
        followup_tables.register()
        register_report_section(breakdowns.KEY, breakdowns.breakdowns)
        register_report_section(coordinator_summary.KEY, coordinator_summary.coordinator_summary)
        group_tables.register()
        register_followup_tables(breakdowns.KEY, heading=_("Per organisation och hemkommun"), order=20)
        register_report_section(whatworks_figures.KEY, whatworks_figures.what_works)
        register_tables("what_works", whatworks_tables.what_works_tables, order=75)
        register_project_page("what_works", label=_("Vad fungerar"), url_name="reports:what_works", order=60)
