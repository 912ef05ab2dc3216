from django.apps import AppConfig


class MinSidaConfig(AppConfig):
    """Min sida: the participant's own page (progress, plan, meetings, consents), by link or e-legitimation."""

    name = "stegvis.minsida"
    label = "minsida"
    verbose_name = "Min sida"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("minsida.MinSidaLink", enrollment_rule("enrollment"))
        register_rule("minsida.WithdrawalRequest", enrollment_rule("consent__enrollment"))

        from stegvis.core.sections import register_participant_section
        from stegvis.minsida.participant import section_context

        # Right after the progression section, where the self-assessment link is made.
        register_participant_section(
            "minsida", template="minsida/participant/section.html", context=section_context, order=11
        )

        from stegvis.minsida.reminders import withdrawal_requests_waiting
        from stegvis.notifications.reminders import register_reminder_source

        register_reminder_source(
            "minsida.withdrawal_requests",
            label=_("Deltagare som vill återkalla ett samtycke (Min sida)"),
            count=withdrawal_requests_waiting,
            url_name="minsida:requests",
            order=6,
        )

        from stegvis.minsida.session import SESSION_KEY

        def forget_participant(sender, request, user, **kwargs):
            # A staff login in a browser that had a participant's Min sida open ends that session.
            if request is not None and hasattr(request, "session"):
                request.session.pop(SESSION_KEY, None)

        user_logged_in.connect(forget_participant, dispatch_uid="minsida.forget_participant", weak=False)
