"""The daily job that keeps each project's data-quality counts, and the trend read from them.

``take_snapshots(now)`` computes the ``data_quality`` section of every project that has an
enrolment active in the last year (older projects do not change) as of that day and stores it;
run twice the same day it overwrites that day's row, so a repeated run is harmless. The figures
are aggregates and the job reads no names, so it writes no audit entry.

:func:`trends` reads, for many projects in one query, the last snapshot of each of the past
months: the start page's trend.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from stegvis.organizations.models import Project
from stegvis.quality.kinds import KINDS
from stegvis.quality.models import QualitySnapshot
from stegvis.quality.report import quality_counts
from stegvis.reports.counting import project_scope

TREND_MONTHS = 6


def projects_to_watch(on):
    """Projects with an enrolment not ended a year before ``on`` (where counts can still change)."""
    year_ago = on - datetime.timedelta(days=365)
    recent = Q(enrollments__end_date__isnull=True) | Q(enrollments__end_date__gte=year_ago)
    return Project.objects.filter(pk__in=Project.objects.filter(recent).values("pk")).order_by("code")


def take_snapshot(project, on):
    counts = quality_counts(project_scope(project, on), on)
    snapshot, _created = QualitySnapshot.objects.update_or_create(
        project=project, taken_on=on, defaults={**counts, "total": sum(counts.values())}
    )
    return snapshot


def take_snapshots(now=None):
    """The periodic job: today's counts for every project still in use."""
    on = timezone.localdate(now) if now is not None else timezone.localdate()
    projects = list(projects_to_watch(on))
    for project in projects:
        take_snapshot(project, on)
    return {"projects": len(projects)}


def _month_ends(on, months):
    """The last day of each of the ``months`` months before the month of ``on``, oldest first."""
    ends = []
    first = on.replace(day=1)
    for _i in range(months):
        end = first - datetime.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def trends(projects, on, months=TREND_MONTHS):
    """``{project id: [(month end, total or None)]}``: the last snapshot taken in each past month.

    One query for all projects. ``None`` for a month with no snapshot (the job had not run yet),
    so the page never draws a figure nobody took.
    """
    ends = _month_ends(on, months)
    rows = (
        QualitySnapshot.objects.filter(
            project__in=projects, taken_on__gte=ends[0].replace(day=1), taken_on__lte=ends[-1]
        )
        .order_by("project_id", "taken_on")
        .values_list("project_id", "taken_on", "total")
    )
    latest = {}
    for project_id, taken_on, total in rows:  # at most one row per project and day of the months
        latest[(project_id, taken_on.year, taken_on.month)] = total
    return {
        project.pk: [(end, latest.get((project.pk, end.year, end.month))) for end in ends]
        for project in projects
    }


__all__ = ["KINDS", "take_snapshot", "take_snapshots", "trends"]
