from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class InterventionsConfig(AppConfig):
    """The interventions catalogue, a participant's parallel interventions, praktik placements."""

    name = "stegvis.interventions"
    label = "interventions"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("interventions.ParticipantIntervention", enrollment_rule("enrollment"))
        register_rule("interventions.Placement", enrollment_rule("participation__enrollment"))
        register_rule(
            "interventions.PlacementFollowUp", enrollment_rule("placement__participation__enrollment")
        )

        from stegvis.core.sections import register_participant_section
        from stegvis.interventions.participant import section_context

        register_participant_section(
            "interventions",
            template="interventions/participant/section.html",
            context=section_context,
            order=40,
            label=gettext_lazy("Insatser"),
        )

        from stegvis.employers.sections import register_employer_section
        from stegvis.interventions.employer import employer_placements

        register_employer_section(
            "placements", template="interventions/employer/section.html", context=employer_placements
        )
