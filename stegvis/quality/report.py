"""The report's ``data_quality`` section: how many records need attention (see :mod:`.kinds`).

Three queries whatever the number of enrolments: one aggregate over the flagged enrolments (the
four enrolment flags and the measurements outside their enrolment), one count of the likely
duplicate pairs (:mod:`.duplicates`), and none more. The data-quality page counts with the same
function over the enrolments the user may see.
"""

from django.utils.translation import gettext as _

from stegvis.quality.duplicates import DuplicatePairs
from stegvis.quality.kinds import DUPLICATES, KINDS, LABELS, OUTSIDE, count_aggregates
from stegvis.reports.tables import Table


def quality_counts(enrollments, on):
    """``{kind: count}`` of :data:`KINDS`, in that order, over ``enrollments`` (started by ``on``)."""
    row = enrollments.order_by().aggregate(**count_aggregates(on))
    row[OUTSIDE] = row[OUTSIDE] or 0
    row[DUPLICATES] = DuplicatePairs(enrollments).count()
    return {kind: row[kind] for kind in KINDS}


def data_quality_figures(project, enrollments, on):
    """The ``data_quality`` section of the report of ``project`` on ``on``."""
    return quality_counts(enrollments, on)


def data_quality_tables(report):
    """The section as one export table: a row per kind of problem."""
    section = report.get("data_quality")
    if not section:
        return []
    return [
        Table(
            key="data_quality",
            title=_("Datakvalitet"),
            columns=[_("Att rätta"), _("Antal")],
            rows=[[str(LABELS[kind]), section[kind]] for kind in KINDS],
            note=_(
                "Poster som behöver ses över på rapportdagen. Dubbletter räknas som par av personer, "
                "mätningar utanför inskrivningen som mätningar, resten som inskrivningar."
            ),
        )
    ]
