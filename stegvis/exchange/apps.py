import datetime

from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Import and export of the exchange format, and the background jobs that run them from the browser."""

    name = "stegvis.exchange"
    label = "exchange"

    def ready(self):
        from stegvis.core.access import register_rule
        from stegvis.exchange.access import job_rule

        register_rule("exchange.ExchangeJob", job_rule)

        from stegvis.exchange.jobs import clean_up
        from stegvis.notifications.periodic import register_periodic

        register_periodic(
            "exchange.job_files",
            clean_up,
            every=datetime.timedelta(hours=1),
            description="Raderar sparade import- och exportfiler och gamla jobb när lagringstiden gått ut.",
        )
