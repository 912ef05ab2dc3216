from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "stegvis.participants"
    label = "participants"

    def ready(self):
        from stegvis.participants import access

        access.register()

        # The SUS list and the ESF+ indicators count this app's enrolment fields (docs/sus-esf.md).
        from stegvis.reports.external.registry import register

        register()
