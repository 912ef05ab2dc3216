from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "stegvis.core"
    label = "core"

    def ready(self):
        from django.core import checks

        from stegvis.core.checks import check_row_rules

        checks.register(check_row_rules, checks.Tags.models)
