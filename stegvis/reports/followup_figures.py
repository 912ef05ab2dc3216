"""The monthly follow-up's figures: gender balance per referrer, long enrolments, coordinators, trend.

They are keys of the one report (:func:`stegvis.reports.project_report.build_report` calls the
functions here), so the follow-up page, the JSON, the CLI and the exports show one computation.
Everything is counted in the database with a fixed number of queries: the coordinator figures
are one ``GROUP BY`` over subqueries on the coordinator history, the trend two ``GROUP BY month``
queries folded into running totals. Python only shapes the grouped rows (a handful per month,
per coordinator), never rows per participant.

Definitions (docs/reports.md, "Uppföljning", has them in full):

- Everything stands on ``on``: starts, exits and coordinator assignments after ``on`` have not
  happened yet.
- Gender balance: women's share of women and men (``X`` is counted but not in the denominator),
  balanced when 40 % <= share <= 60 %, compared exactly (2/5 <= K/(K+M) <= 3/5), not on a rounded
  percentage.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, Mod, TruncMonth

from stegvis.participants.models import CoordinatorAssignment
from stegvis.reports.counting import GENDERS, share

# The balance band: women's share of women and men, inclusive at both ends.
BALANCE_LOW = Decimal("0.4")
BALANCE_HIGH = Decimal("0.6")
# Groups with fewer women and men than this are flagged ``few``: one person moves the share a lot.
FEW = 10
# The trend covers at most this many months, ending with the report date's month.
TREND_MONTHS = 36
# Enrolled "11 months or more": start + 11 calendar months <= end of the period.
LONG_MONTHS = 11
CHANGE_BUCKETS = ("0", "1", "2+")
TOTAL = "total"


# --- Gender balance ------------------------------------------------------------------------------


def balance(counts):
    """``{K, M, X, women_share, balanced, few}`` for one group's ``{K, M, X}`` counts.

    ``women_share`` (0..1, 4 decimals) and ``balanced`` are ``None`` when the group has no women
    or men: there is no share to judge.
    """
    k, m, x = counts.get("K", 0), counts.get("M", 0), counts.get("X", 0)
    km = k + m
    return {
        "K": k,
        "M": m,
        "X": x,
        "women_share": share(k, km) if km else None,
        "balanced": is_balanced(k, m),
        "few": km < FEW,
    }


def is_balanced(women, men):
    """True when women are 40–60 % of women and men; ``None`` with neither."""
    total = women + men
    if not total:
        return None
    return BALANCE_LOW * total <= women <= BALANCE_HIGH * total


def gender_balance_by_referrer(by_referrer_and_gender):
    """The balance of every referrer with enrolments (``okand`` included), plus ``total``.

    Computed from the report's own ``by_referrer_and_gender``, so the two cannot disagree.
    """
    result = {
        code: balance(counts) for code, counts in by_referrer_and_gender.items() if sum(counts.values())
    }
    totals = {g: sum(counts.get(g, 0) for counts in by_referrer_and_gender.values()) for g in GENDERS}
    result[TOTAL] = balance(totals)
    return result


# --- Enrolled 11 months or more ------------------------------------------------------------------


def _end_is_last_day_of_month():
    """A condition on the annotated end parts: the end date is the last day of its month.

    Written out (30-day months, February in leap and common years) because adding a day to a
    date is spelt differently on every database.
    """
    leap = (Q(_lm_end_y_mod4=0) & ~Q(_lm_end_y_mod100=0)) | Q(_lm_end_y_mod400=0)
    return (
        Q(_lm_end_d=31)
        | Q(_lm_end_m__in=(4, 6, 9, 11), _lm_end_d=30)
        | Q(_lm_end_m=2, _lm_end_d=29)
        | (Q(_lm_end_m=2, _lm_end_d=28) & ~leap)
    )


def long_enrollment_annotations(period_end):
    """Annotations ending in ``_long``: the period (start -> ``period_end``) is 11 months or more.

    Calendar months, the way people count them: start + 11 months is the same day number 11
    months later, or the last day of that month when it is shorter (31 March + 11 months =
    28/29 February). So the period is long enough when it ends at least 12 month-steps after the
    start month, or exactly 11 with the end's day on or after the start's day, or on the last day
    of its month.
    """
    steps = (F("_lm_end_y") - F("_lm_start_y")) * 12 + F("_lm_end_m") - F("_lm_start_m")
    return [
        {
            "_lm_end": period_end,
        },
        {
            "_lm_start_y": ExtractYear("start_date"),
            "_lm_start_m": ExtractMonth("start_date"),
            "_lm_start_d": ExtractDay("start_date"),
            "_lm_end_y": ExtractYear("_lm_end"),
            "_lm_end_m": ExtractMonth("_lm_end"),
            "_lm_end_d": ExtractDay("_lm_end"),
        },
        {
            "_lm_steps": steps,
            "_lm_end_y_mod4": Mod("_lm_end_y", 4),
            "_lm_end_y_mod100": Mod("_lm_end_y", 100),
            "_lm_end_y_mod400": Mod("_lm_end_y", 400),
        },
        {
            "_long": Case(
                When(_lm_steps__gt=LONG_MONTHS, then=Value(True)),
                When(
                    Q(_lm_steps=LONG_MONTHS)
                    & (Q(_lm_end_d__gte=F("_lm_start_d")) | _end_is_last_day_of_month()),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        },
    ]


def with_long_flag(qs, period_end):
    """``qs`` with ``_long`` annotated (see :func:`long_enrollment_annotations`)."""
    for annotations in long_enrollment_annotations(period_end):
        qs = qs.annotate(**annotations)
    return qs


# --- Coordinators ------------------------------------------------------------------------------


def _assignments(on):
    """The coordinator history of the outer enrolment, as it stood on ``on``."""
    return CoordinatorAssignment.objects.filter(enrollment=OuterRef("pk"), from_date__lte=on)


def _count_of(assignments):
    counted = assignments.order_by().values("enrollment").annotate(c=Count("pk")).values("c")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_coordinator_on(qs, on):
    """``qs`` (enrolments) annotated with ``_coordinator``: the coordinator's id on ``on`` (see :func:`coordinators`).

    The caseloads and the summary per coordinator group by this, so both name the same person.
    """
    latest = _assignments(on).order_by("-from_date", "-pk").values("coordinator")[:1]
    return qs.annotate(
        _has_history=Exists(CoordinatorAssignment.objects.filter(enrollment=OuterRef("pk"))),
    ).annotate(
        _coordinator=Case(
            When(_has_history=True, then=Subquery(latest)),
            default=F("coordinator"),
            output_field=IntegerField(),
        ),
    )


def with_coordinator_changes(qs, on):
    """``qs`` (enrolments) annotated with ``_changes``: ``"0"``, ``"1"`` or ``"2+"`` coordinator changes by ``on``.

    A change is every assignment after the first with ``from_date <= on``; an enrolment with no
    history has had none. The follow-up's continuity figures and the what-works report group by this.
    """
    return qs.annotate(_n_assignments=_count_of(_assignments(on))).annotate(
        _changes=Case(
            When(_n_assignments__lte=1, then=Value("0")),
            When(_n_assignments=2, then=Value("1")),
            default=Value("2+"),
        ),
    )


def coordinators(scope, on, active_q, date_from=None, date_to=None):
    """Caseloads on ``on`` and continuity of the enrolments in ``scope``.

    - The coordinator of an enrolment on ``on`` is the one of its latest assignment with
      ``from_date <= on`` (ties: the one registered last). An enrolment with no history at all
      (made before the history was kept, or written around the actions) falls back to its
      current coordinator: it is all that is known. One whose history starts after ``on`` had
      no coordinator then.
    - Caseload: active enrolments per coordinator; ``without_coordinator`` the active ones with none.
    - Changes: assignments after the first, up to ``on``; 0 / 1 / 2+ per enrolment.
    - ``changed_in_period`` (with a window): enrolments with a change dated in the window (and by
      ``on``); ``None`` without a window.
    """
    history = _assignments(on)
    qs = with_coordinator_on(with_coordinator_changes(scope, on), on).annotate(
        _active=Case(When(active_q, then=Value(True)), default=Value(False), output_field=BooleanField()),
    )
    windowed = date_from is not None or date_to is not None
    group = ["_coordinator", "_active", "_changes"]
    if windowed:
        window_end = min(date_to, on) if date_to is not None else on
        before = history.filter(from_date__lt=date_from) if date_from is not None else history.none()
        inside = history.filter(from_date__lte=window_end)
        if date_from is not None:
            inside = inside.filter(from_date__gte=date_from)
        # The first assignment ever is not a change: with none before the window, the window
        # must hold two assignments for one of them to be a change.
        qs = qs.annotate(_before=_count_of(before), _inside=_count_of(inside)).annotate(
            _changed_in=Case(
                When(Q(_before__gte=1, _inside__gte=1) | Q(_before=0, _inside__gte=2), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        group.append("_changed_in")
    rows = list(qs.order_by().values(*group).annotate(n=Count("pk")))

    caseload, without = {}, 0
    changes = {bucket: 0 for bucket in CHANGE_BUCKETS}
    changed_in_period = 0
    for row in rows:
        changes[row["_changes"]] += row["n"]
        if windowed and row["_changed_in"]:
            changed_in_period += row["n"]
        if row["_active"]:
            if row["_coordinator"] is None:
                without += row["n"]
            else:
                caseload[row["_coordinator"]] = caseload.get(row["_coordinator"], 0) + row["n"]
    total = sum(changes.values())
    changed = changes["1"] + changes["2+"]
    return {
        "caseload": _named_caseload(caseload),
        "without_coordinator": without,
        "changes": changes,
        "changed": changed,
        "changed_share": share(changed, total),
        "changed_in_period": changed_in_period if windowed else None,
    }


def _named_caseload(caseload):
    """``[{username, name, active}]``, largest caseload first; names in one query."""
    if not caseload:
        return []
    users = get_user_model().objects.filter(pk__in=caseload).only("username", "first_name", "last_name")
    rows = [
        {
            "username": u.get_username(),
            "name": u.get_full_name() or u.get_username(),
            "active": caseload[u.pk],
        }
        for u in users
    ]
    return sorted(rows, key=lambda r: (-r["active"], r["name"].lower(), r["username"]))


# --- Month by month ----------------------------------------------------------------------------


def month_start(day):
    return day.replace(day=1)


def add_months(first_of_month, months):
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _by_month(qs, date_field, first, extra=None):
    """``{first-of-month or None: row}``: counts grouped by month, all months before ``first`` as None."""
    month = Case(
        When(**{f"{date_field}__lt": first}, then=Value(None, output_field=DateField())),
        default=TruncMonth(date_field, output_field=DateField()),
        output_field=DateField(),
    )
    rows = qs.order_by().annotate(_month=month).values("_month").annotate(n=Count("pk"), **(extra or {}))
    return {_as_date(row["_month"]): row for row in rows}


def _as_date(value):
    # TruncMonth gives a date on SQLite and may give a datetime elsewhere: compare dates.
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def monthly(enrollments, on, exited_q):
    """Month by month up to ``on``'s month: new, exited, active at the month's end, new per gender.

    ``enrollments`` are the project's (or one organisation's) enrolments, not limited to the
    report's window: a month's follow-up needs the months before it for a trend, and ``active``
    at the end of an earlier month must count every enrolment active then. The trend starts at the
    month of the first start, but at most ``TREND_MONTHS`` months back from ``on``; the last month
    ends at ``on``. Two grouped queries (starts and exits per month, the earlier ones in one
    bucket) and running totals.
    """
    last = month_start(on)
    cap = add_months(last, -(TREND_MONTHS - 1))
    existing = enrollments.filter(start_date__lte=on)
    gender_counts = {f"new_{g}": Count("pk", filter=Q(gender=g)) for g in GENDERS}
    starts = _by_month(existing, "start_date", cap, gender_counts)
    exits = _by_month(existing.filter(exited_q), "end_date", cap)
    if not starts:
        return []
    first = cap if None in starts else min(starts)
    started = starts[None]["n"] if None in starts else 0
    ended = exits[None]["n"] if None in exits else 0
    months = []
    month = first
    while month <= last:
        new = starts.get(month, {})
        exited = exits.get(month, {}).get("n", 0)
        started += new.get("n", 0)
        ended += exited
        months.append(
            {
                "month": f"{month:%Y-%m}",
                "new": new.get("n", 0),
                **{f"new_{g}": new.get(f"new_{g}", 0) for g in GENDERS},
                "exited": exited,
                "active_at_end": started - ended,
            }
        )
        month = add_months(month, 1)
    return months
