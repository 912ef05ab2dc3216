from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The background worker's schedule, reminders to staff and the log of every message sent."""

    name = "stegvis.notifications"
    label = "notifications"
