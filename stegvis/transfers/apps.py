from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class TransfersConfig(AppConfig):
    """Case transfers between the organisations of a project: propose, accept, decline, withdraw."""

    name = "stegvis.transfers"
    label = "transfers"

    def ready(self):
        from stegvis.transfers import access

        access.register()

        from stegvis.core.sections import register_participant_section
        from stegvis.transfers.participant import section_context

        register_participant_section(
            "transfers",
            template="transfers/participant/section.html",
            context=section_context,
            order=90,
            label=gettext_lazy("Överföringar"),
        )

        from django.utils.translation import gettext_lazy as _

        from stegvis.notifications.reminders import register_reminder_source
        from stegvis.transfers.queries import incoming_count

        register_reminder_source(
            "transfers.incoming",
            label=_("Förslag om överföring att ta ställning till"),
            count=incoming_count,
            url_name="transfers:list",
            order=50,
        )
