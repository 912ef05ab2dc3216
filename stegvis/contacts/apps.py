from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ContactsConfig(AppConfig):
    """Contacts log, SIP and network meetings, and support follow-ups after a job or study start."""

    name = "stegvis.contacts"
    label = "contacts"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("contacts.Contact", enrollment_rule("enrollment"))
        register_rule("contacts.NetworkMeeting", enrollment_rule("enrollment"))
        register_rule("contacts.MeetingActor", enrollment_rule("meeting__enrollment"))
        register_rule("contacts.SupportPeriod", enrollment_rule("enrollment"))
        register_rule("contacts.SupportFollowUp", enrollment_rule("period__enrollment"))

        from stegvis.contacts.participant import section_context
        from stegvis.core.sections import register_participant_action, register_participant_section

        register_participant_section(
            "contacts",
            template="contacts/participant/section.html",
            context=section_context,
            order=50,
            label=gettext_lazy("Kontakter"),
        )
        register_participant_action(
            "contact",
            label=gettext_lazy("Registrera kontakt"),
            url_name="contacts:log",
            fragment="#ny-kontakt",
            order=10,
        )
