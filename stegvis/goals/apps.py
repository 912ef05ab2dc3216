from django.apps import AppConfig


class GoalsConfig(AppConfig):
    """A project's theory of change (goals at levels, with indicators) and implementation plan."""

    name = "stegvis.goals"
    label = "goals"

    def ready(self):
        # Goals and plan steps are project data reached through Project.objects.restrict (report
        # to read, change to write), like need groups, so no row rule of their own is registered.
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page
        from stegvis.goals.indicators import register_builtin_indicators
        from stegvis.goals.plan import plan_section
        from stegvis.goals.status import goals_section
        from stegvis.goals.tables import goal_tables, plan_tables
        from stegvis.reports.project_report import register_derived_section
        from stegvis.reports.tables import register_tables

        register_builtin_indicators()
        register_derived_section("goals", goals_section)
        register_derived_section("plan", plan_section)
        register_tables("goals", goal_tables, order=80)
        register_tables("plan", plan_tables, order=85)
        register_project_page("goals", label=_("Mål"), url_name="goals:goals", order=20)
        register_project_page("plan", label=_("Genomförandeplan"), url_name="goals:plan", order=30)
