from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """What became of participants after exit: follow-ups at +1, +3 and +6 months."""

    name = "stegvis.outcomes"
    label = "outcomes"

    def ready(self):
        from stegvis.core.access import enrollment_rule, register_rule

        register_rule("outcomes.ExitFollowUp", enrollment_rule("enrollment"))
