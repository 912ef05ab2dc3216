import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Digital self-referral (egenremiss): the public form, the intake queue, conversion and retention."""

    name = "stegvis.intake"
    label = "intake"

    def ready(self):
        from stegvis.intake import access

        access.register()

        from stegvis.intake.report import self_referral_tables, self_referrals
        from stegvis.reports.project_report import register_derived_section
        from stegvis.reports.tables import register_tables

        register_derived_section("self_referrals", self_referrals)
        register_tables("self_referrals", self_referral_tables, order=75)

        from stegvis.reports.followup.parts import register_followup_tables

        register_followup_tables("self_referrals", heading=_("Egenremisser"), order=50)

        from stegvis.intake.retention import purge_expired_requests
        from stegvis.notifications.periodic import register_periodic

        register_periodic(
            "intake.retention",
            purge_expired_requests,
            every=datetime.timedelta(days=1),
            description="Raderar egenremisser som inte blivit inskrivningar när lagringstiden gått ut.",
        )

        from stegvis.intake.queue import new_requests_count
        from stegvis.notifications.reminders import register_reminder_source

        register_reminder_source(
            "intake.new_requests",
            label=_("Nya egenremisser att ringa upp"),
            count=new_requests_count,
            url_name="intake:queue",
            order=15,
        )
