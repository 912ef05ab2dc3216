"""The core figures of the project report as ONE hand-written PostgreSQL query.

This is the yardstick for ``build_report``: what a person who knows the schema and the
definitions in the report spec would write by hand, with no ORM in between. It is also an
independent second computation of the same figures, so :func:`differences` tells whether the
two agree (the benchmark fails loudly when they do not, and so does the test in
``stegvis/demo/tests/test_bench.py``).

The figures: enrolments, unique persons, active, by gender, by age band, exits by reason and by
reason and gender, work or studies, mean and median days enrolled, and the progression counts
(measured, positive, negative, unchanged) for the project's primary instrument and the
participants' own cards. The report stands on ``on`` with no date window.
"""

import json
from decimal import Decimal

from django.db import connection

GENDERS = ("K", "M", "X")
AGE_BANDS = ("-19", "20-29", "30-39", "40-49", "50-59", "60-")
EXIT_REASONS = (
    "arbete",
    "studier",
    "arbetsmarknadsutbildning",
    "annan_insats",
    "arbetsformedlingen",
    "sjukdom_vard",
    "flytt",
    "foraldraledighet",
    "ingen_kontakt",
    "avbrott",
    "annat",
)
WORK_OR_STUDIES = ("arbete", "studier", "arbetsmarknadsutbildning")

CORE_FIGURES_SQL = """
WITH settings AS (
    SELECT
        (p.progression_threshold * 100)::integer AS threshold,  -- hundredths
        COALESCE(
            (SELECT s.primary_instrument_code FROM progression_projectprogressionsettings s WHERE s.project_id = p.id),
            'progressionskort'
        ) AS instrument
    FROM organizations_project p
    WHERE p.id = %(project)s
),
scope AS (  -- the enrolments that exist on the report date
    SELECT
        e.id, e.person_id, e.gender, e.start_date, e.end_date,
        (e.end_date IS NOT NULL AND e.end_date <= %(on)s) AS exited,
        LEAST(COALESCE(e.end_date, %(on)s), %(on)s) - e.start_date AS days,
        CASE WHEN e.end_date IS NOT NULL AND e.end_date <= %(on)s THEN e.exit_reason END AS reason,
        CASE
            WHEN p.birth_date IS NULL THEN EXTRACT(YEAR FROM e.start_date)::integer - p.birth_year
            ELSE EXTRACT(YEAR FROM age(e.start_date, p.birth_date))::integer
        END AS age
    FROM participants_enrollment e
    JOIN participants_person p ON p.id = e.person_id
    WHERE e.project_id = %(project)s AND e.start_date <= %(on)s
),
banded AS (
    SELECT s.*,
        CASE WHEN age <= 19 THEN '-19' WHEN age <= 29 THEN '20-29' WHEN age <= 39 THEN '30-39'
             WHEN age <= 49 THEN '40-49' WHEN age <= 59 THEN '50-59' ELSE '60-' END AS band
    FROM scope s
),
cards AS (  -- the participants' own cards inside each enrolment, with at least one answered item
    SELECT m.id, m.enrollment_id, m.date, SUM(a.value) AS total, COUNT(a.value) AS answered
    FROM scope s
    JOIN progression_measurement m ON m.enrollment_id = s.id
    JOIN progression_instrument i ON i.id = m.instrument_id
    JOIN progression_answer a ON a.measurement_id = m.id
    WHERE i.code = (SELECT instrument FROM settings)
      AND m.respondent = 'deltagare'
      AND m.date >= s.start_date AND m.date <= %(on)s AND m.date <= COALESCE(s.end_date, %(on)s)
    GROUP BY m.id, m.enrollment_id, m.date
    HAVING COUNT(a.value) > 0
),
first_and_latest AS (
    SELECT enrollment_id,
        (ARRAY_AGG(total ORDER BY date, id))[1] AS first_total,
        (ARRAY_AGG(answered ORDER BY date, id))[1] AS first_answered,
        (ARRAY_AGG(total ORDER BY date DESC, id DESC))[1] AS latest_total,
        (ARRAY_AGG(answered ORDER BY date DESC, id DESC))[1] AS latest_answered
    FROM cards
    GROUP BY enrollment_id
    HAVING COUNT(*) >= 2
),
progression AS (  -- latest mean - first mean against the threshold, in whole numbers
    SELECT
        100 * (latest_total * first_answered - first_total * latest_answered) AS difference,
        (SELECT threshold FROM settings) * first_answered * latest_answered AS bound
    FROM first_and_latest
),
cells AS (  -- enrolments per gender x age band x exit reason: a few hundred rows at most
    SELECT gender, band, reason, COUNT(*) AS n FROM banded GROUP BY gender, band, reason
),
genders AS (SELECT code FROM unnest(%(genders)s::text[]) AS code),
bands AS (SELECT code FROM unnest(%(bands)s::text[]) AS code),
reasons AS (SELECT code FROM unnest(%(reasons)s::text[]) AS code)
SELECT json_build_object(
    'enrollments', (SELECT COUNT(*) FROM banded),
    'unique_persons', (SELECT COUNT(DISTINCT person_id) FROM banded),
    'active', (SELECT COUNT(*) FROM banded WHERE NOT exited),
    'by_gender', (
        SELECT json_object_agg(g.code, (SELECT COALESCE(SUM(n), 0) FROM cells c WHERE c.gender = g.code))
        FROM genders g
    ),
    'by_age_band', (
        SELECT json_object_agg(x.code, (SELECT COALESCE(SUM(n), 0) FROM cells c WHERE c.band = x.code))
        FROM bands x
    ),
    'exits', json_build_object(
        'total', (SELECT COUNT(*) FROM banded WHERE exited),
        'by_reason', (
            SELECT json_object_agg(r.code, (SELECT COALESCE(SUM(n), 0) FROM cells c WHERE c.reason = r.code))
            FROM reasons r
        ),
        'by_reason_and_gender', (
            SELECT json_object_agg(r.code, (
                SELECT json_object_agg(g.code, (
                    SELECT COALESCE(SUM(n), 0) FROM cells c WHERE c.reason = r.code AND c.gender = g.code
                )) FROM genders g
            )) FROM reasons r
        )
    ),
    'work_or_studies', (
        SELECT json_build_object(
            'count', COUNT(*) FILTER (WHERE reason = ANY(%(work_or_studies)s::text[])),
            'share', COALESCE(ROUND(
                (COUNT(*) FILTER (WHERE reason = ANY(%(work_or_studies)s::text[])))::numeric
                / NULLIF(COUNT(*) FILTER (WHERE exited), 0), 4), 0)
        ) FROM banded
    ),
    'enrollment_days', (
        SELECT json_build_object(
            'mean', COALESCE(ROUND(AVG(days), 1), 0),
            'median', COALESCE(percentile_cont(0.5) WITHIN GROUP (ORDER BY days), 0)
        ) FROM banded
    ),
    'progression', (
        SELECT json_build_object(
            'measured', COUNT(*),
            'positive', COUNT(*) FILTER (WHERE difference > bound),
            'negative', COUNT(*) FILTER (WHERE difference < -bound),
            'unchanged', COUNT(*) FILTER (WHERE difference BETWEEN -bound AND bound)
        ) FROM progression
    )
)
"""


def core_figures(project, on):
    """The figures of ``project`` on the date ``on``, computed by the one query above."""
    with connection.cursor() as cursor:
        cursor.execute(
            CORE_FIGURES_SQL,
            {
                "project": project.pk,
                "on": on,
                "genders": list(GENDERS),
                "bands": list(AGE_BANDS),
                "reasons": list(EXIT_REASONS),
                "work_or_studies": list(WORK_OR_STUDIES),
            },
        )
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def report_core(report):
    """The same figures picked out of ``build_report``'s dict, in the query's shape."""
    progression = report.get("progression") or {}
    return {
        "enrollments": report["enrollments"],
        "unique_persons": report["unique_persons"],
        "active": report["active"],
        "by_gender": report["by_gender"],
        "by_age_band": report["by_age_band"],
        "exits": {
            "total": report["exits"]["total"],
            "by_reason": report["exits"]["by_reason"],
            "by_reason_and_gender": report["exits"]["by_reason_and_gender"],
        },
        "work_or_studies": report["work_or_studies"],
        "enrollment_days": report["enrollment_days"],
        "progression": {
            key: progression.get(key) for key in ("measured", "positive", "negative", "unchanged")
        },
    }


def flatten(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from flatten(inner, f"{prefix}.{key}" if prefix else str(key))
    else:
        yield prefix, value


def _same(a, b):
    """Numbers are compared as exact decimals of what was printed (0.1498 == Decimal('0.1498'))."""
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def differences(report, figures):
    """``[(key, from build_report, from the query)]`` for every figure that differs; empty when all agree."""
    ours = dict(flatten(report_core(report)))
    theirs = dict(flatten(figures))
    return [
        (key, ours.get(key), theirs.get(key))
        for key in sorted(set(ours) | set(theirs))
        if not _same(ours.get(key), theirs.get(key))
    ]
