from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "stegvis.organizations"
    label = "organizations"
