from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Digital self-referral (egenremiss): the public form, the intake queue, conversion and retention."""

    name = "stegvis.intake"
    label = "intake"
