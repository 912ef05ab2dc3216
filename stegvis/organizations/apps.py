from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "stegvis.organizations"
    label = "organizations"

    def ready(self):
        from stegvis.organizations import access

        access.register()
