from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """The project's budget per cost category and quarter, actual costs per month, co-financing."""

    name = "stegvis.budget"
    label = "budget"

    def ready(self):
        from stegvis.core.sections import register_project_page

        register_project_page("budget", label=_("Budget"), url_name="budget:overview", order=70)

        from stegvis.budget.steering_part import steering_tables
        from stegvis.steering.parts import register_steering_part

        register_steering_part("budget", heading=_("Budget mot utfall"), tables=steering_tables, order=10)
