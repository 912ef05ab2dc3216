from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "stegvis.participants"
    label = "participants"

    def ready(self):
        from stegvis.participants import access

        access.register()
