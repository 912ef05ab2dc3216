"""The AMIF participant figures: integration support by kind and gender, and whether it helped.

AMIF (the Asylum, Migration and Integration Fund, regulation (EU) 2021/1147, annex VIII) asks
for participants in language courses, in civic orientation and in other integration support, and
for those who report that the support helped their integration. docs/sus-esf.md defines every key.

- ``participants``: per area (``language_course``, ``civic_orientation``,
  ``other_integration_support``) and for ``any_integration_support``, the enrolments in scope
  with a participation in that area overlapping the report's window (up to the report date),
  ``{"K", "M", "X", "total"}``. Which catalogue entries are which area is the interventions app's
  rule (:func:`stegvis.interventions.queries.with_integration_support`). One query, grouped by
  gender, with one ``EXISTS`` per area.
- ``support_helped``: the exit survey's answers to one statement (:data:`HELPED_STATEMENT`) within
  the window's months, per gender: ``answered`` (on the scale 1–5), ``agreeing`` (4 or 5) and
  ``share``. The survey answers belong to the surveys app, which is built on reports: it registers
  how they are read (:func:`register_support_helped`), so this module never imports it. Anonymous
  answers know no gender and are counted under ``X`` (other or not given).
"""

from collections.abc import Callable

from django.db.models import Count, Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.interventions.queries import INTEGRATION_AREAS, IntegrationSupport, with_integration_support
from stegvis.organizations.models import Funder
from stegvis.reports.counting import GENDERS, share
from stegvis.reports.project_report import takes_window
from stegvis.reports.tables import Table

TOTAL = "total"
COLUMNS = GENDERS + (TOTAL,)
ANY = "any_integration_support"
#: The report's key of each area of integration support, in the order the tables show them.
AREA_KEYS = {
    IntegrationSupport.LANGUAGE_COURSE: "language_course",
    IntegrationSupport.CIVIC_ORIENTATION: "civic_orientation",
    IntegrationSupport.OTHER: "other_integration_support",
}
#: The exit survey's statement AMIF's result indicator asks about ("helpful for their integration").
HELPED_STATEMENT = "integration"

_support_helped: Callable | None = None


def register_support_helped(func):
    """Let the app that keeps the exit survey (surveys) say how many agreed the support helped.

    ``func(project, statement, on, date_from, date_to)`` returns ``{gender: (answered, agreeing)}``
    for the genders ``K``, ``M`` and ``X`` (anonymous answers under ``X``), counted in one query.
    """
    global _support_helped
    _support_helped = func


def _participants(enrollments, on, date_from, date_to):
    flags = {area: Q(**{f"integration_{area}": True}) for area in INTEGRATION_AREAS}
    aggregates = {AREA_KEYS[area]: Count("pk", filter=flag) for area, flag in flags.items()}
    any_area = Q()
    for flag in flags.values():
        any_area |= flag
    aggregates[ANY] = Count("pk", filter=any_area)
    counts = {key: dict.fromkeys(COLUMNS, 0) for key in aggregates}
    qs = with_integration_support(enrollments.order_by(), on, date_from, date_to)
    for row in qs.values("gender").annotate(**aggregates):
        for key, cells in counts.items():
            if row["gender"] in cells:
                cells[row["gender"]] += row[key]
            cells[TOTAL] += row[key]
    return counts


def _helped(project, on, date_from, date_to):
    found = _support_helped(project, HELPED_STATEMENT, on, date_from, date_to) if _support_helped else {}
    result = {}
    for gender in GENDERS:
        answered, agreeing = found.get(gender, (0, 0))
        result[gender] = {"answered": answered, "agreeing": agreeing}
    result[TOTAL] = {key: sum(result[g][key] for g in GENDERS) for key in ("answered", "agreeing")}
    for cells in result.values():
        cells["share"] = share(cells["agreeing"], cells["answered"]) if cells["answered"] else None
    return result


@takes_window
def amif_figures(project, enrollments, on, *, date_from=None, date_to=None):
    """The report's ``amif`` section (two queries: the participants, the exit survey's answers)."""
    return {
        "participants": _participants(enrollments, on, date_from, date_to),
        "helped_statement": HELPED_STATEMENT,
        "support_helped": _helped(project, on, date_from, date_to),
    }


def area_labels():
    return {
        "language_course": _("Deltagare i språkkurs (SFI och andra språkkurser)"),
        "civic_orientation": _("Deltagare i samhällsorientering"),
        "other_integration_support": _("Deltagare i annat integrationsstöd"),
        ANY: _("Deltagare i något integrationsstöd"),
    }


def shows_amif(project, report) -> bool:
    """Whether a page shows the AMIF figures: for AMIF projects, and wherever there are some."""
    amif = report.get("amif")
    if not amif:
        return False
    return project.funder == Funder.AMIF or amif["participants"][ANY][TOTAL] != 0


def amif_tables(report):
    """The ``amif`` section as two tables (participants, whether the support helped), for the exports."""
    amif = report.get("amif")
    if not amif:
        return []
    columns = [_t("Indikator"), _t("Kvinnor"), _t("Män"), _t("Annat/ej angivet"), _t("Totalt")]
    participants = Table(
        key="amif_participants",
        title=_t("AMIF: deltagare i integrationsstöd"),
        columns=columns,
        rows=[
            [str(label)] + [amif["participants"][key][g] for g in COLUMNS]
            for key, label in area_labels().items()
        ],
        note=_t(
            "Inskrivningar i urvalet med en insats av det slaget som pågick någon gång i urvalets period "
            "(till och med %(on)s). SFI räknas som språkkurs och samhällsorientering som samhällsorientering; "
            "andra insatser enligt vad katalogen anger."
        )
        % {"on": report["on"]},
    )
    helped = amif["support_helped"]
    rows = [
        [_t("Svarat på påståendet (1–5)")] + [helped[g]["answered"] for g in COLUMNS],
        [_t("Instämmer (4–5)")] + [helped[g]["agreeing"] for g in COLUMNS],
        [_t("Andel som instämmer")] + [helped[g]["share"] for g in COLUMNS],
    ]
    support = Table(
        key="amif_support_helped",
        title=_t("AMIF: stödet har hjälpt min integration"),
        columns=columns,
        rows=rows,
        percent_rows={2},
        note=_t(
            "Slutenkätens påstående ”Insatsen har varit till hjälp för min integration”, svar under "
            "urvalets månader. Anonyma svar har inget kön och räknas under Annat/ej angivet."
        ),
    )
    return [participants, support]
