"""Every write of the notifications pages: validate, write and audit in one transaction.

``user`` is the staff member acting. Errors are :class:`~stegvis.core.errors.ActionError` with
Swedish messages keyed by field, so the form shows each at its field.
"""

from typing import TYPE_CHECKING, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import scope_of
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.notifications import tasks
from stegvis.notifications.models import Frequency, ReminderPreference
from stegvis.notifications.periodic import periodic_job

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.core.access import Actor


@transaction.atomic
def set_reminder_frequency(user: "User", *, frequency: str) -> ReminderPreference:
    """How often ``user`` gets the reminder e-mail: daily, weekly or never.

    A staff account, not any actor: the preference is the acting user's own.
    """
    if frequency not in Frequency.values:
        raise ActionError({"frequency": [_("Välj hur ofta du vill få påminnelser.")]})
    preference, created = ReminderPreference.objects.get_or_create(
        user=user, defaults={"frequency": frequency}
    )
    before = {"frequency": None if created else preference.frequency}
    if not created and preference.frequency != frequency:
        preference.frequency = frequency
        preference.save(update_fields=["frequency", "updated_at"])
    changes = diff(before, {"frequency": frequency})
    if changes:
        record(user, AuditAction.CREATE if created else AuditAction.UPDATE, preference, changes=changes)
    return preference


@transaction.atomic
def run_job_now(user: "Actor", name: str) -> Literal["moved", "added", "running"]:
    """Make the periodic job ``name`` run as soon as the worker is free (administrators only).

    The job's waiting run is brought forward rather than a second one added, so the schedule
    keeps one pending run per job. Returns what happened: ``"moved"``, ``"added"`` or ``"running"``.
    """
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()
    try:
        job = periodic_job(name)
    except KeyError:
        raise ActionError({"job": [_("Det finns inget jobb med det namnet.")]}) from None
    outcome = tasks.bring_forward(job)
    record(
        user,
        AuditAction.UPDATE,
        object_type="notifications.jobstate",
        object_id=name[:64],
        detail=f"Kör nu ({outcome})",
    )
    return outcome
