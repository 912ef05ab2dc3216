from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API (/api/v1/): the same records, rules, actions and figures as the pages, for other
    systems. It reads and writes through many apps, so it sits above them all (beside the start page)."""

    name = "stegvis.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from django.core import checks

        from stegvis.api.throttling import check_rate

        checks.register(check_rate)
