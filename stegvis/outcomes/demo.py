"""Demo follow-ups after exit: the situation of people who left, at +1, +3 and +6 months.

Each exited demo enrolment starts from a situation given by its exit reason and moves on from
point to point (some who left for nothing find work later, a few lose a job); staff reach fewer
people the longer ago the exit was, and some are not reached at all (``ej_nadd``). Points whose
date has not come yet are left unrecorded, as are a few that have (they show on the due list).

Written with ``bulk_create`` in batches; the enrolments are read in one streamed query.
"""

import datetime
import itertools

from stegvis.audit.log import AuditAction, record_many
from stegvis.outcomes.models import ExitFollowUp, Situation
from stegvis.outcomes.schedule import POINTS, point_date, window_opens
from stegvis.participants.models import Enrollment

BATCH = 5000
RECORDED_SHARE = {1: 0.75, 3: 0.6, 6: 0.45}  # staff reach fewer people the longer ago the exit
AFTER_A_GAP = 0.5  # a point after an unrecorded one is recorded less often
NOT_REACHED = 0.08
NOT_REACHED_AFTER = {"flytt": 0.4, "ingen_kontakt": 0.6, "avbrott": 0.35}

S = Situation
START = {
    "arbete": {S.ARBETE: 1},
    "studier": {S.STUDIER: 1},
    "arbetsmarknadsutbildning": {S.STUDIER: 1},
    "annan_insats": {S.ANNAN_INSATS: 8, S.ARBETSSOKANDE: 2},
    "arbetsformedlingen": {S.ARBETSSOKANDE: 9, S.ANNAN_INSATS: 1},
    "sjukdom_vard": {S.SJUKDOM_VARD: 1},
    "flytt": {S.ARBETSSOKANDE: 4, S.ANNAT: 4, S.ARBETE: 2},
    "foraldraledighet": {S.ANNAT: 1},
    "ingen_kontakt": {S.ANNAT: 6, S.ARBETSSOKANDE: 4},
    "avbrott": {S.ARBETSSOKANDE: 5, S.ANNAT: 4, S.SJUKDOM_VARD: 1},
    "annat": {S.ANNAT: 6, S.ARBETSSOKANDE: 4},
}
# From one point to the next. Jobs and studies also appear after exit.
MOVES = {
    S.ARBETE: {S.ARBETE: 88, S.ARBETSSOKANDE: 8, S.STUDIER: 4},
    S.STUDIER: {S.STUDIER: 85, S.ARBETE: 10, S.ARBETSSOKANDE: 5},
    S.ARBETSSOKANDE: {S.ARBETSSOKANDE: 62, S.ARBETE: 18, S.STUDIER: 8, S.ANNAN_INSATS: 10, S.SJUKDOM_VARD: 2},
    S.ANNAN_INSATS: {S.ANNAN_INSATS: 68, S.ARBETE: 10, S.STUDIER: 7, S.ARBETSSOKANDE: 15},
    S.SJUKDOM_VARD: {S.SJUKDOM_VARD: 80, S.ARBETSSOKANDE: 10, S.ANNAN_INSATS: 10},
    S.ANNAT: {S.ANNAT: 70, S.ARBETE: 8, S.STUDIER: 5, S.ARBETSSOKANDE: 12, S.ANNAN_INSATS: 5},
}
WORK_EXTENTS = (50, 75, 100, 100)
IMPROVED = {True: 5, False: 2, None: 3}  # ESF+ "improved labour-market situation" at six months


def _table(weights):
    return list(weights), list(itertools.accumulate(weights.values()))


_TABLES = {id(t): _table(t) for t in (*START.values(), *MOVES.values(), IMPROVED)}


def _weighted(rng, weights):
    keys, cumulative = _TABLES[id(weights)]
    return rng.choices(keys, cum_weights=cumulative)[0]


def _follow_ups(rng, pk, end_date, exit_reason, coordinator_id, today):
    situation = _weighted(rng, START.get(exit_reason, START["annat"]))
    previous_recorded = True
    rows = []
    for months in POINTS:
        situation = _weighted(rng, MOVES[situation])  # life goes on between exit and each point
        day = point_date(end_date, months) + datetime.timedelta(days=rng.randint(-7, 20))
        chance = RECORDED_SHARE[months] * (1 if previous_recorded else AFTER_A_GAP)
        previous_recorded = day <= today and rng.random() < chance
        if not previous_recorded:
            continue
        day = max(day, window_opens(end_date, months), end_date)
        recorded = situation
        if rng.random() < NOT_REACHED_AFTER.get(exit_reason, NOT_REACHED):
            recorded = S.EJ_NADD
        improved = None
        if months == 6 and recorded in (S.ARBETE, S.STUDIER):
            improved = _weighted(rng, IMPROVED)
        rows.append(
            ExitFollowUp(
                enrollment_id=pk,
                months=months,
                followed_up_on=day,
                situation=recorded,
                work_extent=rng.choice(WORK_EXTENTS) if recorded == S.ARBETE else None,
                improved_situation=improved,
                recorded_by_id=coordinator_id,
            )
        )
    return rows


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 20


def demo_data(dataset, rng):
    """Follow-ups for the demo's exits whose points have passed by ``dataset.as_of``."""
    exits = (
        Enrollment.objects.filter(
            project__code__in=dataset.projects, end_date__isnull=False, end_date__lte=dataset.as_of
        )
        .order_by("pk")
        .values_list("pk", "end_date", "exit_reason", "coordinator_id")
    )
    pending = []
    for pk, end_date, reason, coordinator_id in exits.iterator(chunk_size=BATCH):
        pending.extend(_follow_ups(rng, pk, end_date, reason, coordinator_id, dataset.as_of))
        if len(pending) >= BATCH:
            _write(pending)
            pending = []
    _write(pending)


def _write(follow_ups):
    if follow_ups:
        created = ExitFollowUp.objects.bulk_create(follow_ups, batch_size=1000)
        record_many(None, AuditAction.CREATE, created, detail="demodata")
