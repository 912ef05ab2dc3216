from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ConsentConfig(AppConfig):
    """Consent per enrolment: registration, SUS reporting, contact with named actors; given and withdrawn."""

    name = "stegvis.consent"
    label = "consent"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from stegvis.core.access import register_rule
        from stegvis.participants.access import enrollment_rule

        register_rule("consent.Consent", enrollment_rule("enrollment"))

        from stegvis.consent.actions import give_voluntary_consent, voluntary_consent_in_force
        from stegvis.consent.models import ConsentMethod
        from stegvis.participants import voluntary_consent

        voluntary_consent.register(
            in_force=voluntary_consent_in_force,
            record=give_voluntary_consent,
            methods=lambda: list(ConsentMethod.choices),
        )

        from stegvis.consent.participant import section_context
        from stegvis.core.sections import register_participant_section, register_project_page

        register_participant_section(
            "consent",
            template="consent/participant/section.html",
            context=section_context,
            order=5,
            label=gettext_lazy("Samtycken"),
        )
        register_project_page("consent", label=_("Samtycken"), url_name="consent:project", order=45)

        from stegvis.consent.active import without_sus_consent
        from stegvis.reports.external.sus import register_sus_anonymity

        register_sus_anonymity("consent.no_sus_consent", without_sus_consent)

        from stegvis.consent.report import consent_figures, consent_tables
        from stegvis.reports.project_report import register_report_section
        from stegvis.reports.tables import register_tables

        register_report_section("consent", consent_figures)
        register_tables("consent", consent_tables, order=76)

        from stegvis.consent.reminders import missing_registration_consent
        from stegvis.notifications.reminders import register_reminder_source

        register_reminder_source(
            "consent.missing",
            label=_("Inskrivningar utan samtycke till registrering"),
            count=missing_registration_consent,
            url_name="consent:missing",
            order=5,
        )
