from django.apps import AppConfig


class WorklistConfig(AppConfig):
    """The coordinator's worklist: what needs doing, gathered from the casework apps."""

    name = "stegvis.worklist"
    label = "worklist"
