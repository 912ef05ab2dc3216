from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The background worker's schedule, reminders to staff and the log of every message sent."""

    name = "stegvis.notifications"
    label = "notifications"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.notifications.access import message_rule

        register_rule("notifications.MessageLog", message_rule)

        from stegvis.core.messaging import message_sent
        from stegvis.notifications.messagelog import on_message_sent

        message_sent.connect(on_message_sent, dispatch_uid="notifications.message_log")

        from stegvis.notifications.digest import register_job
        from stegvis.notifications.sources import register_sources

        register_sources()
        register_job()

        from stegvis.core.health import register_health_check
        from stegvis.notifications.heartbeat import status as worker_status

        register_health_check("worker", worker_status)
