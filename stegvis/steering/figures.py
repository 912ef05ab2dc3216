"""The figures of a steering-group report: the period's key figures and goals, and what changed since last time.

Computed by :func:`stegvis.reports.project_report.build_report` for the period (the report as it
stood on the period's last day, the enrolments that overlapped the period), with only the goals
among the sections, so every figure means what it means in the project report.
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from stegvis.reports.project_report import build_report

if TYPE_CHECKING:
    from stegvis.steering.models import SteeringReport

# (key in the snapshot, Swedish label, whether it is a share)
KEY_FIGURES = (
    ("enrollments", "Inskrivningar under perioden", False),
    ("new_in_period", "Nya under perioden", False),
    ("exited_in_period", "Avslutade under perioden", False),
    ("active", "Aktiva vid periodens slut", False),
    ("work_or_studies", "Avslut till arbete eller studier", False),
    ("work_or_studies_share", "Andel av avsluten till arbete eller studier", True),
    ("women_share", "Andel kvinnor", True),
)


def snapshot(report):
    """What a finalised report keeps: the key figures and each goal's value and status."""
    n = report["enrollments"]
    return {
        "enrollments": n,
        "new_in_period": report.get("new_in_period", 0),
        "exited_in_period": report.get("exited_in_period", 0),
        "active": report["active"],
        "work_or_studies": report["work_or_studies"]["count"],
        "work_or_studies_share": float(report["work_or_studies"]["share"]),
        "women_share": round(report["by_gender"]["K"] / n, 4) if n else 0,
        "goals": [
            {
                "id": g.get("id"),
                "title": g.get("title") or g.get("name") or "",
                "status": g.get("status"),
                "value": None if g.get("value") is None else float(g["value"]),
                "target": None if g.get("target") is None else float(g["target"]),
            }
            for g in report.get("goals") or []
        ],
    }


def current_figures(steering_report: "SteeringReport") -> dict:
    """The figures of ``steering_report``: kept ones when finalised, else computed now."""
    if steering_report.finalised and steering_report.figures:
        return steering_report.figures
    report = build_report(
        steering_report.project,
        on=steering_report.period_to,
        date_from=steering_report.period_from,
        date_to=steering_report.period_to,
        sections=("goals",),
    )
    return snapshot(report)


def previous_report(steering_report):
    """The latest finalised report of the project that ended before this one began."""
    return (
        type(steering_report)
        .objects.filter(
            project=steering_report.project,
            finalised_at__isnull=False,
            period_to__lt=steering_report.period_from,
        )
        .order_by("-period_to")
        .first()
    )


def comparison(figures, previous):
    """Rows ``(label, previous, now, change, is_share)`` of the key figures against the previous report."""
    rows = []
    for key, label, is_share in KEY_FIGURES:
        now = figures.get(key)
        before = previous.get(key) if previous else None
        change = None if before is None or now is None else round(now - before, 4)
        rows.append((_(label), before, now, change, is_share))
    return rows


def goal_changes(figures, previous):
    """Rows ``(title, status before, status now, value, target)``; a goal new since last time has no status before."""
    before = {g["id"]: g for g in (previous or {}).get("goals", [])}
    return [
        (g["title"], (before.get(g["id"]) or {}).get("status"), g["status"], g["value"], g["target"])
        for g in figures.get("goals", [])
    ]
