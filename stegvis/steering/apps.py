from django.apps import AppConfig


class SteeringConfig(AppConfig):
    """The steering group's report per quarter or period: figures against targets, deviations, the leader's text."""

    name = "stegvis.steering"
    label = "steering"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.sections import register_project_page

        register_project_page("steering", label=_("Styrgruppsrapporter"), url_name="steering:list", order=27)
