from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class CaseworkConfig(AppConfig):
    """Mapping of the life situation and the participant's plan (goals, steps)."""

    name = "stegvis.casework"
    label = "casework"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("casework.Mapping", enrollment_rule("enrollment"))
        register_rule("casework.MappingEntry", enrollment_rule("mapping__enrollment"))
        register_rule("casework.PlanGoal", enrollment_rule("enrollment"))
        register_rule("casework.PlanStep", enrollment_rule("goal__enrollment"))

        from stegvis.casework.participant import section_context
        from stegvis.core.sections import register_participant_action, register_participant_section

        register_participant_section(
            "casework",
            template="casework/participant/section.html",
            context=section_context,
            order=30,
            label=gettext_lazy("Kartläggning och plan"),
        )
        register_participant_action(
            "plan", label=gettext_lazy("Planen: nytt mål eller steg"), url_name="casework:plan", order=30
        )
