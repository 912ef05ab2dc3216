from django.apps import AppConfig


class ConsentConfig(AppConfig):
    """Consent per enrolment: registration, SUS reporting, contact with named actors; given and withdrawn."""

    name = "stegvis.consent"
    label = "consent"
