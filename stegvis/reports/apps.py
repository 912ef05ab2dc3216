from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "stegvis.reports"
    label = "reports"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page
        from stegvis.reports.exports import tables as export_tables
        from stegvis.reports.followup import tables as followup_tables

        register_project_page("followup", label=_("Månadsuppföljning"), url_name="reports:followup", order=10)
        export_tables.register()
        followup_tables.register()
