from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's data through its whole life: retention, register extract and erasure."""

    name = "stegvis.privacy"
    label = "privacy"
