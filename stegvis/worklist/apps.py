from django.apps import AppConfig


class WorklistConfig(AppConfig):
    """The coordinator's worklist: what needs doing, gathered from the casework apps."""

    name = "stegvis.worklist"
    label = "worklist"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("worklist.ItemDecision", enrollment_rule("enrollment"))
