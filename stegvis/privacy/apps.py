import datetime

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's data through its whole life: retention, register extract and erasure."""

    name = "stegvis.privacy"
    label = "privacy"

    def ready(self):
        from stegvis.notifications.periodic import register_periodic
        from stegvis.privacy.retention import periodic_run

        register_periodic(
            "privacy.retention",
            periodic_run,
            every=datetime.timedelta(days=1),
            at=datetime.time(2),
            description="Gallrar enligt organisationernas regler: anonymiserar, tömmer texter, tar bort loggposter.",
        )
