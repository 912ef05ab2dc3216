"""The one write of the measuring part: a project's measurement plan.

The plan (:class:`ProjectProgressionSettings`) and the threshold for "unchanged" (on the project,
written by :func:`stegvis.organizations.actions.update_project_settings`) are saved together in
one transaction, so a settings page never leaves half a plan behind.
"""

import decimal
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import CHANGE, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, ConflictError
from stegvis.organizations.actions import update_project_settings
from stegvis.organizations.models import Project
from stegvis.progression.models import Instrument, ProjectProgressionSettings

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_INTERVAL_MONTHS = 24


@transaction.atomic
def save_progression_settings(
    user: "Actor",
    project: Project,
    *,
    primary_instrument_code: str | None,
    interval_months: int | str | None,
    progression_threshold: decimal.Decimal | float | str | None,
    version: int | str | None = None,
    token: str | None = None,
) -> ProjectProgressionSettings:
    """Set a project's primary instrument, measurement interval and threshold.

    ``version`` is the plan's version the form showed (``None`` when the project had no saved
    plan yet); ``token`` is the project's change token for the threshold. Either being stale is a
    conflict and nothing is written.
    """
    require(user, CHANGE, project)
    errors: dict[str, list[str]] = {}
    code = (primary_instrument_code or "").strip()
    if not Instrument.objects.filter(code=code, is_active=True).exists():
        errors["primary_instrument_code"] = [_("Välj ett instrument som är i bruk.")]
    try:
        interval = None if interval_months is None else int(interval_months)
    except (TypeError, ValueError):
        interval = None
    if interval is None or not 1 <= interval <= MAX_INTERVAL_MONTHS:
        errors["interval_months"] = [
            _("Ange ett helt antal månader från 1 till %(max)s.") % {"max": MAX_INTERVAL_MONTHS}
        ]
    if errors or interval is None:
        raise ActionError(errors)

    plan = ProjectProgressionSettings.objects.select_for_update().filter(project=project).first()
    if plan is None:
        if version not in (None, "", 0):
            raise ConflictError()
        try:
            with transaction.atomic():
                plan = ProjectProgressionSettings.objects.create(
                    project=project, primary_instrument_code=code, interval_months=interval
                )
        except IntegrityError:
            raise ConflictError() from None
        record(
            user,
            AuditAction.CREATE,
            plan,
            changes={
                "primary_instrument_code": [None, code],
                "interval_months": [None, interval],
            },
        )
    else:
        if version in (None, ""):
            raise ConflictError()
        before = {
            "primary_instrument_code": plan.primary_instrument_code,
            "interval_months": plan.interval_months,
        }
        after = {"primary_instrument_code": code, "interval_months": interval}
        changes = diff(before, after)
        if str(plan.version) != str(version):
            raise ConflictError()
        if changes:
            plan.primary_instrument_code, plan.interval_months = code, interval
            save_versioned(plan, version, ["primary_instrument_code", "interval_months"])
            record(user, AuditAction.UPDATE, plan, changes=changes)
    update_project_settings(user, project, progression_threshold=progression_threshold, token=token)
    return plan
