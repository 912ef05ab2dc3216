"""What Min sida keeps: the participant's links, and their requests to withdraw a consent.

- :class:`MinSidaLink`: a link a coordinator gave a participant, for one enrolment. Only the
  token's hash is stored (:class:`~stegvis.core.models.OneTimeLink`). Unlike the self-assessment
  link it can open a session again and again until it expires or is revoked, so a participant
  can come back during the week; each opening is counted and audited.
- :class:`WithdrawalRequest`: the participant asked, on Min sida, to withdraw one consent. Staff
  record the withdrawal itself (``stegvis.consent``); the request is open until then, or until
  staff mark it handled (the participant changed their mind when the coordinator called).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.consent.models import Consent
from stegvis.core.models import CreatedAtModel, OneTimeLink, RestrictedModel, staff_reference
from stegvis.participants.models import Enrollment


class Via(models.TextChoices):
    """How a participant's Min sida session was opened."""

    LINK = "link", _("länk")
    EID = "eid", _("e-legitimation")


class MinSidaLink(OneTimeLink):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="minsida_links", verbose_name=_("inskrivning")
    )
    opened_count = models.PositiveIntegerField(_("antal öppningar"), default=0)
    last_opened_at = models.DateTimeField(_("senast öppnad"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)
    revoked_by = staff_reference(_("spärrad av"))

    class Meta:
        verbose_name = _("länk till Min sida")
        verbose_name_plural = _("länkar till Min sida")
        indexes = [models.Index(fields=["enrollment", "created_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id} {self.created_at:%Y-%m-%d}"


class WithdrawalRequest(CreatedAtModel, RestrictedModel):
    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="withdrawal_requests", verbose_name=_("samtycke")
    )
    via = models.CharField(_("inloggad med"), max_length=8, choices=Via.choices)
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    handled_by = staff_reference(_("hanterad av"))

    class Meta:
        verbose_name = _("begäran om att återkalla samtycke")
        verbose_name_plural = _("begäran om att återkalla samtycken")
        constraints = [
            # Asking twice while the first request waits is one request.
            models.UniqueConstraint(
                fields=["consent"], condition=Q(handled_at__isnull=True), name="one_open_withdrawal_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consent_id} {self.created_at:%Y-%m-%d}"
