"""The project leader's start-page panel: today's total of things to fix and the trend behind it.

Today's total is counted with the report's own definitions (two queries per project: a leader
leads one or a few) and kept for a few minutes in the cache: in a database of a million persons
the count of likely duplicates alone takes a quarter of a second, too much for a page opened many
times a day, while the data-quality page itself always counts afresh. The panel says when it
counted. The trend is read from the daily snapshots (:mod:`.snapshots`), one query for all the
projects: the counts of a past day cannot be recomputed honestly, because fixing a record leaves
no trace of the problem it had.
"""

from django.core.cache import cache
from django.utils import timezone

from stegvis.quality.report import quality_counts
from stegvis.quality.snapshots import trends
from stegvis.reports.counting import project_scope

#: How long the start page may show a count before counting again (seconds).
COUNT_SECONDS = 300


def _counts(project, on):
    """``(counts, counted at)`` of ``project`` on ``on``, from the cache when counted lately."""

    def count():
        return quality_counts(project_scope(project, on), on), timezone.now()

    return cache.get_or_set(f"quality-panel:{project.pk}:{on.isoformat()}", count, COUNT_SECONDS)


def quality_panels(projects, on):
    """``{project id: {"total", "counts", "trend", "change"}}`` for the start page.

    ``change`` is today's total minus the last month-end snapshot (``None`` without one);
    ``counted_at`` is when today's total was counted (at most :data:`COUNT_SECONDS` ago).
    """
    history = trends(projects, on)
    panels = {}
    for project in projects:
        counts, counted_at = _counts(project, on)
        total = sum(counts.values())
        trend = history[project.pk]
        last = next((value for _end, value in reversed(trend) if value is not None), None)
        panels[project.pk] = {
            "total": total,
            "counts": counts,
            "counted_at": counted_at,
            "trend": [{"month_end": end, "total": value} for end, value in trend],
            "change": None if last is None else total - last,
        }
    return panels
