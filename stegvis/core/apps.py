from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The floor every app stands on: access, errors, base models, messaging, base templates."""

    name = "stegvis.core"
    label = "core"

    def ready(self) -> None:
        from django.core import checks

        from stegvis.core.checks import check_row_rules

        checks.register(check_row_rules, checks.Tags.models)
