"""The project leader's start-page panel: today's total of things to fix and the trend behind it.

Today's total is counted now, with the report's own definitions (two queries per project: a
leader leads one or a few). The trend is read from the daily snapshots (:mod:`.snapshots`), one
query for all the projects: the counts of a past day cannot be recomputed honestly, because
fixing a record leaves no trace of the problem it had.
"""

from stegvis.quality.report import quality_counts
from stegvis.quality.snapshots import trends
from stegvis.reports.counting import project_scope


def quality_panels(projects, on):
    """``{project id: {"total", "counts", "trend", "change"}}`` for the start page.

    ``change`` is today's total minus the last month-end snapshot (``None`` without one).
    """
    history = trends(projects, on)
    panels = {}
    for project in projects:
        counts = quality_counts(project_scope(project, on), on)
        total = sum(counts.values())
        trend = history[project.pk]
        last = next((value for _end, value in reversed(trend) if value is not None), None)
        panels[project.pk] = {
            "total": total,
            "counts": counts,
            "trend": [{"month_end": end, "total": value} for end, value in trend],
            "change": None if last is None else total - last,
        }
    return panels
