from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "stegvis.audit"
    label = "audit"

    def ready(self):
        from stegvis.audit import access

        access.register()
