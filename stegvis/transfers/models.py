"""A case transfer: an enrolment handed from one organisation in a project to another.

The sending organisation proposes, the receiving one accepts or declines (or the sender
withdraws). The row is kept whatever the answer, so the enrolment's history says who had the
case when and why it moved. Writes go through :mod:`stegvis.transfers.actions`; who sees a row
is decided in :mod:`stegvis.transfers.access`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import RestrictedModel, VersionedModel, staff_reference
from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment

#: The longest note or reason a form accepts (a few paragraphs, not a case file).
TEXT_MAX_LENGTH = 2000


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", _("Föreslagen")
    ACCEPTED = "accepted", _("Godkänd")
    DECLINED = "declined", _("Avböjd")
    WITHDRAWN = "withdrawn", _("Återkallad")


class CaseTransfer(VersionedModel, RestrictedModel):
    """One proposal to move ``enrollment`` from ``from_organization`` to ``to_organization``.

    ``version`` moves on when the proposal is answered, so two people answering at once cannot
    both win. At most one proposal per enrolment is open (a database constraint).
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="transfers", verbose_name=_("inskrivning")
    )
    from_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("från organisation")
    )
    to_organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("till organisation")
    )
    proposed_by = staff_reference(_("föreslagen av"))
    proposed_at = models.DateTimeField(_("föreslagen"), default=timezone.now)
    note = models.TextField(_("varför"), max_length=TEXT_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=16, choices=TransferStatus.choices, default=TransferStatus.PROPOSED
    )
    decided_by = staff_reference(_("besvarad av"))
    decided_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    decline_reason = models.TextField(_("skäl att avböja"), max_length=TEXT_MAX_LENGTH, blank=True)
    new_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ny koordinator"),
    )

    class Meta:
        verbose_name = _("överföring")
        verbose_name_plural = _("överföringar")
        ordering = ["-proposed_at", "-pk"]
        indexes = [
            # The inbox of an organisation (open proposals to it) and its outgoing ones.
            models.Index(fields=["to_organization", "status"], name="transfer_to_status"),
            models.Index(fields=["from_organization", "status"], name="transfer_from_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(status="proposed"),
                name="transfer_one_open_per_enrollment",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organization=models.F("to_organization")),
                name="transfer_to_another_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.from_organization_id} → {self.to_organization_id}"

    @property
    def is_open(self) -> bool:
        return self.status == TransferStatus.PROPOSED
