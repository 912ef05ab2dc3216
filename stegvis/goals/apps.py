from django.apps import AppConfig


class GoalsConfig(AppConfig):
    """A project's theory of change (goals at levels, with indicators) and implementation plan."""

    name = "stegvis.goals"
    label = "goals"
