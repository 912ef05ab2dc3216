"""Every write of the horizontal principles: validate, write and audit in one transaction.

Adaptations are changed by those who may change the enrolment; the checklist by those who may
change the project (administrators and its leaders). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record, record_change
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.writes import assign, raise_if
from stegvis.principles.models import (
    Adaptation,
    AdaptationKind,
    Answer,
    Checklist,
    ChecklistAnswer,
    ChecklistItem,
)

if TYPE_CHECKING:
    from stegvis.core.access import Actor
    from stegvis.organizations.models import Project
    from stegvis.participants.models import Enrollment

ADAPTATION_FIELDS = ("kind", "description", "given_on")


@transaction.atomic
def add_adaptation(user: "Actor", enrollment: "Enrollment", **fields: Any) -> Adaptation:
    """Record that the participant is given an adaptation (from ``given_on``)."""
    require(user, CHANGE, enrollment)
    adaptation = Adaptation(enrollment=enrollment, recorded_by=acting_user(user))
    assign(adaptation, fields, ADAPTATION_FIELDS)
    errors: dict[str, list[str]] = {}
    if adaptation.kind not in AdaptationKind.values:
        errors["kind"] = [_("Välj vilken anpassning deltagaren får.")]
    elif adaptation.kind == AdaptationKind.ANNAT and not adaptation.description:
        errors["description"] = [_("Beskriv den andra anpassningen.")]
    if not isinstance(adaptation.given_on, datetime.date):
        errors["given_on"] = [_("Ange från vilket datum anpassningen ges.")]
    elif adaptation.given_on < enrollment.start_date or (
        enrollment.end_date is not None and adaptation.given_on > enrollment.end_date
    ):
        errors["given_on"] = [_("Datumet ska ligga inom inskrivningen.")]
    raise_if(errors)
    adaptation.save()
    record_change(user, AuditAction.CREATE, adaptation, ADAPTATION_FIELDS, person=enrollment.person)
    return adaptation


@transaction.atomic
def remove_adaptation(user: "Actor", adaptation: Adaptation) -> None:
    """Take away an adaptation registered by mistake (the audit log keeps what it was)."""
    enrollment = adaptation.enrollment
    require(user, CHANGE, enrollment)
    record(
        user,
        AuditAction.DELETE,
        adaptation,
        person=enrollment.person,
        changes={name: [str(getattr(adaptation, name)), None] for name in ADAPTATION_FIELDS},
    )
    adaptation.delete()


@transaction.atomic
def save_checklist(
    user: "Actor", project: "Project", *, version: int | str | None, answers: dict[str, tuple[str, str]]
) -> Checklist:
    """Save the answers (``{item: (answer, text)}``); an item whose answer or text changed gets today's date.

    The first save makes the checklist (no version needed); later ones must carry the version the
    form was opened with, so two leaders editing at once cannot overwrite each other.
    """
    require(user, CHANGE, project)
    errors: dict[str, list[str]] = {}
    for item, (answer, _text) in answers.items():
        if item not in ChecklistItem.values:
            raise TypeError(f"Unknown item: {item}")
        if answer and answer not in Answer.values:
            errors[f"answer_{item}"] = [_("Välj ja, delvis eller nej.")]
    raise_if(errors)
    checklist = Checklist.objects.filter(project=project).first()
    if checklist is None:
        checklist = Checklist.objects.create(project=project, updated_by=acting_user(user))
    else:
        checklist.updated_by = acting_user(user)
        checklist.save_versioned(version, ["updated_by"])
    existing = {a.item: a for a in checklist.answers.all()}
    today = datetime.date.today()
    changes: dict[str, list[str | None]] = {}
    for item, (answer, text) in answers.items():
        text = text.strip()
        row = existing.get(item)
        before = (row.answer, row.text) if row else ("", "")
        if before == (answer, text):
            continue
        changes[f"{item}.answer"] = [before[0], answer]
        changes[f"{item}.text"] = [before[1], text]
        if row is None:
            ChecklistAnswer.objects.create(
                checklist=checklist, item=item, answer=answer, text=text, changed_on=today
            )
        else:
            row.answer, row.text, row.changed_on = answer, text, today
            row.save(update_fields=["answer", "text", "changed_on"])
    record(user, AuditAction.UPDATE, checklist, changes={k: v for k, v in changes.items() if v[0] != v[1]})
    return checklist
