"""Key figures for the start page and the project list.

They are a subset of :func:`stegvis.reports.project_report.build_report`, counted by the same
aggregate expressions (:func:`~stegvis.reports.project_report.key_aggregates`), so the tiles on
the start page and the full report can never disagree. For many projects the counts come from
one ``GROUP BY project`` query, not one query per project.
"""

from stegvis.participants.models import Enrollment
from stegvis.reports.project_report import (
    GENDERS,
    key_aggregates,
    key_figures_from_row,
    report_date,
    scoped_enrollments,
)


def _empty_row():
    row = {name: 0 for name in ("enrollments", "unique_persons", "active", "exits_total", "work_or_studies")}
    row.update({f"gender_{g}": 0 for g in GENDERS})
    return row


def key_figures_for_projects(projects, on=None):
    """``{project_id: key figures}`` for every project given, in one query.

    Each value has ``on``, ``enrollments``, ``active``, ``unique_persons``, ``by_gender``,
    ``exits_total`` and ``work_or_studies`` with the same meaning as in the full report.
    ``projects`` may be a queryset (e.g. ``Project.objects.restrict(user, "report")``) or a list.
    """
    on = report_date(on)
    project_ids = [p.pk for p in projects]
    rows = (
        scoped_enrollments(on, queryset=Enrollment.objects.filter(project_id__in=project_ids))
        .order_by()
        .values("project_id")
        .annotate(**key_aggregates(on))
    )
    by_project = {row["project_id"]: row for row in rows}
    result = {}
    for project_id in project_ids:
        figures = key_figures_from_row(by_project.get(project_id) or _empty_row())
        figures["on"] = on.isoformat()
        result[project_id] = figures
    return result


def key_figures(project, on=None):
    """The key figures of one project (one query)."""
    return key_figures_for_projects([project], on=on)[project.pk]


def gender_shares(by_gender):
    """Women's and men's shares of a ``{K, M, X}`` count, as whole percentages (for tiles)."""
    total = sum(by_gender.values())
    if not total:
        return {g: 0 for g in by_gender}
    return {g: round(100 * n / total) for g, n in by_gender.items()}
