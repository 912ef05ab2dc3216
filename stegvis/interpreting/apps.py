from django.apps import AppConfig


class InterpretingConfig(AppConfig):
    """Interpreter mode (pages under /tolk/): staff pages for meetings held through an interpreter."""

    name = "stegvis.interpreting"
    label = "interpreting"

    def ready(self):
        from stegvis.core.sections import register_participant_section
        from stegvis.interpreting.participant import section_context

        register_participant_section(
            "interpreting",
            template="interpreting/participant/section.html",
            context=section_context,
            order=35,
        )
