from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The start page: it gathers figures from many apps, so it sits above them all (never in core)."""

    name = "stegvis.home"
    label = "home"
