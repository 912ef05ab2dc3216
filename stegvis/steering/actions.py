"""Steering-group reports: created for a period, written while a draft, finalised (then kept as read)."""

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, snapshot
from stegvis.core.access import CHANGE, acting_user, may
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Project
from stegvis.steering import figures
from stegvis.steering.models import TEXT_FIELDS, SteeringReport

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def may_write(user: "Actor", project: Project) -> bool:
    """The project's leaders and administrators write its steering-group reports."""
    return user is None or may(user, CHANGE, project)


def _require(user: "Actor", project: Project) -> None:
    if not may_write(user, project):
        raise NotAllowed(_("Bara projektledare och administratörer kan skriva styrgruppsrapporter."))


@transaction.atomic
def create_report(
    user: "Actor", project: Project, *, period_from: datetime.date | None, period_to: datetime.date | None
) -> SteeringReport:
    _require(user, project)
    errors = {}
    if period_from is None:
        errors["period_from"] = [_("Ange periodens första dag.")]
    if period_to is None:
        errors["period_to"] = [_("Ange periodens sista dag.")]
    elif period_to > timezone.localdate():
        errors["period_to"] = [_("Perioden kan inte sluta i framtiden.")]
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = [_("Periodens sista dag kan inte vara före den första.")]
    if errors:
        raise ActionError(errors)
    try:
        with transaction.atomic():
            report = SteeringReport.objects.create(
                project=project,
                period_from=period_from,  # type: ignore[misc]  # checked above
                period_to=period_to,
                created_by=acting_user(user),
            )
    except IntegrityError:
        raise ActionError({"period_from": [_("Det finns redan en rapport för den perioden.")]}) from None
    record(user, AuditAction.CREATE, report, changes={"period": [None, f"{period_from}–{period_to}"]})
    return report


@transaction.atomic
def save_texts(user: "Actor", report: SteeringReport, *, version: int | str, **texts: str) -> SteeringReport:
    """The leader's texts; a finalised report is not changed."""
    _require(user, report.project)
    if report.finalised:
        raise ActionError(_("Rapporten är fastställd och kan inte ändras."))
    before = snapshot(report, TEXT_FIELDS)
    for name in TEXT_FIELDS:
        setattr(report, name, (texts.get(name) or "").strip())
    save_versioned(report, version, list(TEXT_FIELDS))
    record(user, AuditAction.UPDATE, report, changes=diff(before, snapshot(report, TEXT_FIELDS)))
    return report


@transaction.atomic
def finalise(user: "Actor", report: SteeringReport, *, version: int | str) -> SteeringReport:
    """Keep the figures as they are now: the report then reads the same whenever it is opened."""
    _require(user, report.project)
    if report.finalised:
        raise ActionError(_("Rapporten är redan fastställd."))
    report.figures = figures.current_figures(report)
    report.finalised_at = timezone.now()
    report.finalised_by = acting_user(user)
    save_versioned(report, version, ["figures", "finalised_at", "finalised_by"])
    record(
        user, AuditAction.UPDATE, report, changes={"finalised_at": [None, report.finalised_at.isoformat()]}
    )
    return report
