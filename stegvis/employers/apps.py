from django.apps import AppConfig


class EmployersConfig(AppConfig):
    """Each organisation's employer register: contact persons, agreements and a contact log."""

    name = "stegvis.employers"
    label = "employers"

    def ready(self):
        from stegvis.employers import access

        access.register()
