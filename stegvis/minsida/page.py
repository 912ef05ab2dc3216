"""What Min sida shows one participant, read only through the enrolments of their own session.

Every query below starts from ``session.enrollment_ids`` (ids the server stored when the session
was opened) and the session's person, never from an id the browser sent, so nothing of another
person can come into the page. Staff-written texts (goals, steps, actors' names, the project) are
returned as written; the templates mark them ``lang="sv"``.

A fixed number of queries whatever the amount of data: the enrolments with their measurement
schedule (one), the participant's self-assessments with their answers (two), the cards' items
and their translations (one each per card, usually one card), the plan (two), the coming
contacts and meetings (two) and the consents with their open requests (two).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from stegvis.casework.models import (
    OPEN_STEP_STATUSES,
    GoalStatus,
    Horizon,
    PlanGoal,
    PlanStep,
    StepOwner,
    StepStatus,
)
from stegvis.casework.plan import OVERDUE, step_state
from stegvis.consent.active import in_force_q
from stegvis.consent.models import Consent, ConsentKind
from stegvis.contacts.models import Contact, NetworkMeeting
from stegvis.minsida import texts
from stegvis.minsida.models import WithdrawalRequest
from stegvis.minsida.session import ParticipantSession
from stegvis.progression.instruments.texts import load_texts
from stegvis.progression.measuring.schedule import annotate_schedule
from stegvis.progression.models import Answer, Item, Measurement, Respondent

#: How many coming meetings the page lists.
MEETINGS_SHOWN = 10
#: The consents in the order the participant reads them: registration and SUS first.
CONSENT_ORDER: dict[str, int] = {
    str(kind): n
    for n, kind in enumerate(
        [ConsentKind.REGISTRATION, ConsentKind.SUS, ConsentKind.ESF, ConsentKind.CONTACT]
    )
}


@dataclass
class Block:
    """One enrolment's part of the page."""

    enrollment: Any
    suffix: str = ""  # after the sections' ids: none for the first enrolment, so "#plan" finds it
    due: bool = False
    overdue: bool = False
    progress: dict | None = None
    horizons: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    consents: list = field(default_factory=list)


def _text(texts_of, obj, name, language):
    """``{"text", "lang"}`` of a card text in the page's language, or the Swedish one marked as such."""
    if texts_of.is_translated(obj, name):
        return {"text": texts_of.get(obj, name), "lang": language}
    return {"text": getattr(obj, name), "lang": "sv"}


def _items_by_code(codes):
    """The items of the newest version of each card code, in order (one query)."""
    items: dict[str, list[Item]] = {}
    newest: dict[str, int] = {}
    for item in (
        Item.objects.filter(instrument__code__in=codes)
        .select_related("instrument")
        .order_by("instrument__code", "-instrument__version", "position")
    ):
        version = newest.setdefault(item.instrument.code, item.instrument.version)
        if item.instrument.version == version:
            items.setdefault(item.instrument.code, []).append(item)
    return items


def _progress(enrollment, measurements, items, language, today):
    """The spider chart (first and latest) and the table of every answer by date, or ``None``."""
    end = min(enrollment.end_date or today, today)
    own = [
        m
        for m in measurements
        if m.instrument.code == enrollment.plan_instrument_code and enrollment.start_date <= m.date <= end
    ]
    values_of = {m.pk: {a.item.code: a.value for a in m.answers.all()} for m in own}
    usable = [m for m in own if any(v is not None for v in values_of[m.pk].values())]
    if not usable or not items:
        return None
    card_texts = load_texts(items[0].instrument, language)
    labels = {item.code: _text(card_texts, item, "dimension", language) for item in items}
    axes = [
        {"code": item.code, "label": labels[item.code]["text"], "min": item.scale_min, "max": item.scale_max}
        for item in items
    ]
    first, latest = usable[0], usable[-1]
    series = [
        {
            "label": _("Första gången (%(date)s)") % {"date": first.date.isoformat()},
            "values": values_of[first.pk],
        }
    ]
    if latest is not first:
        series.append(
            {
                "label": _("Senaste gången (%(date)s)") % {"date": latest.date.isoformat()},
                "values": values_of[latest.pk],
            }
        )
    low, high = min(i.scale_min for i in items), max(i.scale_max for i in items)
    description = _(
        "Dina svar på %(n)s frågor, på en skala från %(low)s till %(high)s. "
        "Ju längre ut från mitten, desto högre svar."
    ) % {"n": len(items), "low": low, "high": high}
    rows = [
        {
            "label": labels[item.code],
            "values": [values_of[m.pk].get(item.code) for m in usable],
        }
        for item in items
    ]
    return {
        "chart_id": f"min-radar-{enrollment.pk}",
        "axes": axes,
        "series": series,
        "description": description,
        "dates": [m.date for m in usable],
        "rows": rows,
        "count": len(usable),
        "low": low,
        "high": high,
    }


def _plan(goals, today):
    """``[(horizon, [goal])]``, short term first; goals given up and steps called off are left out."""
    for goal in goals:
        goal.step_list = [s for s in goal.steps.all() if s.status != StepStatus.INSTALLD]
        for step in goal.step_list:
            step.state = step_state(step, today)
            step.late = step.state == OVERDUE
            step.is_open = step.status in OPEN_STEP_STATUSES
            step.is_done = step.status == StepStatus.KLAR
            step.mine = step.owner == StepOwner.DELTAGARE
            step.can_mark_done = step.mine and step.is_open
    return [
        (horizon, [g for g in goals if g.horizon == horizon])
        for horizon in (Horizon.KORT, Horizon.LANG)
        if any(g.horizon == horizon for g in goals)
    ]


def _meetings(contacts, meetings, today):
    """Coming contacts, booked meetings and next meeting dates, soonest first, each date once."""
    rows = [
        {"date": c.contact_date, "time": c.contact_time, "what": texts.CONTACT_CHANNELS.get(c.channel, "")}
        for c in contacts
    ]
    booked = {m.meeting_date for m in meetings if m.meeting_date >= today}
    for m in meetings:
        if m.meeting_date >= today:
            rows.append({"date": m.meeting_date, "time": None, "what": texts.MEETING_KINDS.get(m.kind, "")})
        elif m.next_meeting_date and m.next_meeting_date >= today and m.next_meeting_date not in booked:
            booked.add(m.next_meeting_date)
            rows.append(
                {"date": m.next_meeting_date, "time": None, "what": texts.MEETING_KINDS.get(m.kind, "")}
            )
    rows.sort(key=lambda r: (r["date"], r["time"] or datetime.time.min))
    return rows[:MEETINGS_SHOWN]


def actor_of(consent):
    """The actor of a contact consent as staff wrote it: the organisation, the name, or both."""
    names = [consent.actor_organization.name if consent.actor_organization_id else "", consent.actor_name]
    return ", ".join(name for name in names if name)


def consent_row(consent):
    """What the participant reads about one consent in force, and whether they asked to withdraw it."""
    waiting = [r for r in consent.withdrawal_requests.all() if r.handled_at is None]
    return {
        "consent": consent,
        "sentence": texts.CONSENT_SENTENCES.get(consent.kind, ""),
        "actor": actor_of(consent),
        "asked_on": waiting[0].created_at if waiting else None,
    }


def build(session: ParticipantSession, today: datetime.date | None = None) -> dict[str, Any]:
    """The page's context: one :class:`Block` per enrolment of the session, newest first."""
    today = today or datetime.date.today()
    enrollments = annotate_schedule(
        session.enrollments()
        .select_related("project", "organization", "coordinator")
        .order_by("-start_date", "-pk"),
        today,
    )
    ids = [e.pk for e in enrollments]
    codes = {e.plan_instrument_code for e in enrollments}
    measurements = list(
        Measurement.objects.filter(
            enrollment_id__in=ids, respondent=Respondent.PARTICIPANT, instrument__code__in=codes
        )
        .select_related("instrument")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("item")))
        .order_by("date", "pk")
    )
    items = _items_by_code(codes) if measurements else {}
    goals = list(
        PlanGoal.objects.filter(enrollment_id__in=ids)
        .exclude(status=GoalStatus.AVBRUTET)
        .prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("due_date", "pk")))
        .order_by("horizon", "order", "pk")
    )
    contacts = list(
        Contact.objects.filter(enrollment_id__in=ids, contact_date__gte=today).order_by(
            "contact_date", "contact_time", "pk"
        )
    )
    meetings = list(
        NetworkMeeting.objects.filter(enrollment_id__in=ids)
        .filter(Q(meeting_date__gte=today) | Q(next_meeting_date__gte=today))
        .order_by("meeting_date", "pk")
    )
    consents = list(
        Consent.objects.filter(in_force_q(today), enrollment_id__in=ids)
        .select_related("actor_organization")
        .prefetch_related(
            Prefetch("withdrawal_requests", queryset=WithdrawalRequest.objects.order_by("created_at"))
        )
        .order_by("given_on", "pk")
    )
    blocks = []
    for n, enrollment in enumerate(enrollments):
        block = Block(
            enrollment=enrollment,
            suffix=f"-{enrollment.pk}" if n else "",
            due=enrollment.due_now,
            overdue=enrollment.overdue,
        )
        block.progress = _progress(
            enrollment,
            [m for m in measurements if m.enrollment_id == enrollment.pk],
            items.get(enrollment.plan_instrument_code, []),
            session.language,
            today,
        )
        block.horizons = _plan([g for g in goals if g.enrollment_id == enrollment.pk], today)
        block.meetings = _meetings(
            [c for c in contacts if c.enrollment_id == enrollment.pk],
            [m for m in meetings if m.enrollment_id == enrollment.pk],
            today,
        )
        own = sorted(
            (c for c in consents if c.enrollment_id == enrollment.pk),
            key=lambda c: CONSENT_ORDER.get(c.kind, len(CONSENT_ORDER)),
        )
        block.consents = [consent_row(c) for c in own]
        blocks.append(block)
    many = len(blocks) > 1
    return {
        "blocks": blocks,
        "person": session.person,
        "many": many,
        "level": 3 if many else 2,
        "today": today,
    }
