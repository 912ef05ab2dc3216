"""An organisation's retention rules (gallringsregler): how long each kind of data is kept.

Every period is counted in whole months from the day an enrolment ends; an organisation without
a row keeps the documented defaults (:data:`stegvis.privacy.rules.DEFAULT_MONTHS`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import UpdatedAtModel, VersionedModel
from stegvis.organizations.models import Organization

# The defaults, in months after the enrolment ended (docs/privacy.md says why each is what it is).
DEFAULT_IDENTITY_MONTHS = 36
DEFAULT_CASEWORK_MONTHS = 24
DEFAULT_ANSWERS_MONTHS = 12
DEFAULT_LINKS_MONTHS = 3
DEFAULT_AUDIT_MONTHS = 60
MIN_MONTHS = 1
MAX_MONTHS = 240


class RetentionRule(VersionedModel, UpdatedAtModel):
    """How long one organisation keeps each kind of data after an enrolment of theirs ends."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="retention_rule", verbose_name=_("organisation")
    )
    identity_months = models.PositiveSmallIntegerField(
        _("identitet (månader)"),
        default=DEFAULT_IDENTITY_MONTHS,
        help_text=_("Namn, personnummer och kontaktuppgifter. Sedan anonymiseras deltagaren."),
    )
    casework_months = models.PositiveSmallIntegerField(
        _("handläggningstexter (månader)"),
        default=DEFAULT_CASEWORK_MONTHS,
        help_text=_("Kartläggning, plan, kontakter, möten, anteckningar."),
    )
    answers_months = models.PositiveSmallIntegerField(
        _("enkätsvar med namn (månader)"),
        default=DEFAULT_ANSWERS_MONTHS,
        help_text=_("Fritextsvar i enkäter som besvarats med namn. Skattningarnas värden sparas."),
    )
    links_months = models.PositiveSmallIntegerField(
        _("engångslänkar (månader)"),
        default=DEFAULT_LINKS_MONTHS,
        help_text=_("Länkar till självskattning och enkäter görs oanvändbara."),
    )
    audit_months = models.PositiveSmallIntegerField(
        _("loggposter (månader)"),
        default=DEFAULT_AUDIT_MONTHS,
        help_text=_("Granskningsloggens poster om deltagaren."),
    )

    class Meta:
        verbose_name = _("gallringsregel")
        verbose_name_plural = _("gallringsregler")

    def __str__(self) -> str:
        return f"{self.organization_id}"
