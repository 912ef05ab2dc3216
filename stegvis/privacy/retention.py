"""The retention run (gallring): what the rules say is due, removed, counted and audited.

``stegvis retention run [--dry-run]`` and the daily periodic job ``privacy.retention`` call
:func:`run`. A dry run counts what a run would do without changing anything; the administrator
page shows the same counts. The audit entry of a run holds the counts only, never a removed
value.
"""

import datetime
from typing import Any

from django.db import transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from stegvis.audit.log import AuditAction, record
from stegvis.audit.models import AuditEntry
from stegvis.audit.retention import redact_changes, remove_entries
from stegvis.participants.models import Enrollment
from stegvis.privacy import rules, targets
from stegvis.privacy.anonymise import (
    anonymise_persons,
    clear_casework,
    clear_expired_drafts,
    clear_named_answers,
    expired_drafts,
    void_links,
)

RUN_OBJECT_TYPE = "privacy.retentionrun"


def _audit_due(today: datetime.date):
    """Audit entries about persons whose every enrolment has passed the audit period."""
    return AuditEntry.objects.filter(person__in=rules.persons_due(rules.AUDIT, today).values("pk"))


def history_of(kind: tuple[targets.Target, ...], enrollments) -> "QuerySet[AuditEntry]":
    """Audit entries of the rows of ``kind`` about to be emptied (their change history).

    Only rows that still hold text are taken, so a night's run looks at what it empties that
    night, not at all the history emptied before.
    """
    entries = AuditEntry.objects.none()
    for target in kind:
        ids = (
            target.rows(enrollments.values("pk"))
            .annotate(text_id=Cast("pk", output_field=CharField()))
            .values("text_id")
        )
        entries |= AuditEntry.objects.filter(object_type=target.model._meta.label_lower, object_id__in=ids)
    return entries


def _owners(kind: str, today: datetime.date) -> "QuerySet[Enrollment]":
    """Enrolments whose ``kind`` data a run empties: due by the rule, or of a person to anonymise."""
    return Enrollment.objects.filter(
        Q(pk__in=rules.due_enrollments(kind, today).values("pk"))
        | Q(person__in=rules.identity_due(today).values("pk"))
    )


def preview(today: datetime.date, now: datetime.datetime | None = None) -> dict[str, int]:
    """What a run on ``today`` (at ``now``) would remove, counted in the database (nothing is changed)."""
    casework = _owners(rules.CASEWORK, today).values("pk")
    answers = _owners(rules.ANSWERS, today).values("pk")
    links = _owners(rules.LINKS, today).values("pk")
    return {
        "persons": rules.identity_due(today).count(),
        "casework": sum(t.rows(casework).count() for t in targets.CASEWORK),
        "answers": sum(t.rows(answers).count() for t in targets.ANSWERS),
        "links": sum(
            m._default_manager.filter(enrollment__in=links)
            .exclude(token_hash__startswith=targets.VOID_PREFIX)
            .count()
            for m in targets.LINK_MODELS
        ),
        "link_drafts": expired_drafts(now or timezone.now()),
        "audit_removed": _audit_due(today).count(),
    }


def run(now: datetime.datetime | None = None, *, dry_run: bool = False) -> dict[str, Any]:
    """Apply every organisation's rules as of ``now``; returns the counts (and audits them)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if dry_run:
        return {"dry_run": True, **preview(today, now)}
    with transaction.atomic():
        person_ids = list(rules.identity_due(today).values_list("pk", flat=True))
        anonymised = anonymise_persons(person_ids, now) if person_ids else {}
        casework_due = Enrollment.objects.filter(
            pk__in=rules.due_enrollments(rules.CASEWORK, today).values("pk")
        )
        answers_due = Enrollment.objects.filter(
            pk__in=rules.due_enrollments(rules.ANSWERS, today).values("pk")
        )
        links_due = Enrollment.objects.filter(pk__in=rules.due_enrollments(rules.LINKS, today).values("pk"))
        audit_due = _audit_due(today)
        # The history first: which rows to look at is known only while they still hold text.
        redacted = redact_changes(history_of(targets.CASEWORK, casework_due)) + redact_changes(
            history_of(targets.ANSWERS, answers_due)
        )
        counts = {
            "persons": anonymised.get("persons", 0),
            "references": anonymised.get("references", 0),
            "casework": anonymised.get("casework", 0) + sum(clear_casework(casework_due).values()),
            "answers": anonymised.get("answers", 0) + clear_named_answers(answers_due),
            "links": anonymised.get("links", 0) + void_links(links_due, now),
            # Unsent answers on expired links; those of voided links went with the link above.
            "link_drafts": clear_expired_drafts(now),
            "audit_redacted": anonymised.get("audit_redacted", 0) + redacted,
            "audit_removed": remove_entries(audit_due),
        }
        record(
            None,
            AuditAction.DELETE,
            object_type=RUN_OBJECT_TYPE,
            changes={name: [None, value] for name, value in counts.items()},
            detail=summary(counts),
        )
    return counts


def summary(counts: dict[str, Any]) -> str:
    """One line for the audit log and the command: the counts only."""
    return ", ".join(f"{name}={value}" for name, value in counts.items() if name != "dry_run")


def periodic_run(now: datetime.datetime) -> dict[str, Any]:
    """The daily job ``privacy.retention``."""
    return run(now)
