"""Time reports as spreadsheets: a participant's month, a project's month, and the sums per organisation.

Only builds :class:`stegvis.reports.tables.Table` objects from what :mod:`stegvis.timereports.grid`
and :mod:`stegvis.timereports.figures` read, and hands them to the one workbook maker,
:func:`stegvis.reports.exports.xlsx_report.render_xlsx`: a sheet saying what the file is, then one
sheet per table, every cell neutralised there. Hours are numbers, so sums in the spreadsheet work.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stegvis.reports.exports.xlsx_report import render_xlsx
from stegvis.reports.tables import Table
from stegvis.timereports.grid import ParticipantMonth, month_days, month_label


@dataclass
class _Facts:
    """The first sheet's lines (what :func:`render_xlsx` asks of its facts)."""

    lines: list[tuple[str, Any]]

    def rows(self) -> list[tuple[str, Any]]:
        return [*self.lines, (_("Skapad"), timezone.localtime().strftime("%Y-%m-%d %H:%M"))]


def _definitions() -> str:
    return _(
        "Timmar per dag och aktivitet. Attesterade timmar är timmarna i attesterade och rapporterade "
        "månader. Reglerna för attest, rapportering och upplåsning finns i Stegvis dokumentation "
        "under Tidrapporter (docs/timereports.md)."
    )


def _number(value: Any) -> Any:
    return float(value) if value else None


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _days_table(months: Iterable[ParticipantMonth], month: datetime.date) -> Table:
    """One row per participant and activity with hours, a column per day, then each participant's sums."""
    days = month_days(month)
    rows: list[list[Any]] = []
    for pm in months:
        name, organization = pm.enrollment.person.display_name, pm.enrollment.organization.name
        for row in pm.rows():
            if row["total"]:
                rows.append(
                    [
                        name,
                        organization,
                        row["activity"].label,
                        *[_number(c["hours"]) for c in row["cells"]],
                        _number(row["total"]),
                        pm.status_label,
                    ]
                )
        rows.append(
            [
                name,
                organization,
                _("Summa"),
                *[_number(t) for t in pm.day_totals()],
                _number(pm.total) or 0,
                pm.status_label,
            ]
        )
    return Table(
        key="days",
        title=_("Timmar per dag"),
        columns=[
            _("Deltagare"),
            _("Organisation"),
            _("Aktivitet"),
            *[f"{d.day} {date_format(d, 'D')}" for d in days],
            _("Summa"),
            _("Status"),
        ],
        rows=rows,
    )


def _workbook(project: Any, tables: list[Table], facts: list[tuple[str, Any]]) -> bytes:
    return render_xlsx({"project_name": project.name}, tables, _Facts(facts), _definitions())


def participant_month_xlsx(pm: ParticipantMonth, month: datetime.date) -> bytes:
    """One participant's month: who, which month, its status and sign-off, then the days."""
    report = pm.report
    facts = [
        (_("Tidrapport"), month_label(month)),
        (_("Deltagare"), pm.enrollment.person.display_name),
        (_("Projekt"), pm.enrollment.project.name),
        (_("Organisation"), pm.enrollment.organization.name),
        (_("Timmar"), _number(pm.total) or 0),
        (_("Status"), pm.status_label),
        (_("Attesterad av"), _person(report.signed_by) if report else ""),
        (_("Attesterad"), report.signed_at.strftime("%Y-%m-%d") if report and report.signed_at else ""),
        (_("Rapporterad"), report.reported_at.strftime("%Y-%m-%d") if report and report.reported_at else ""),
    ]
    return _workbook(pm.enrollment.project, [_days_table([pm], month)], facts)


def project_month_xlsx(project: Any, month: datetime.date, months: list[ParticipantMonth]) -> bytes:
    """A project's month: a summary row per participant, then every participant's days."""
    summary = Table(
        key="summary",
        title=_("Sammanställning"),
        columns=[_("Deltagare"), _("Organisation"), _("Timmar"), _("Status"), _("Attesterad av")],
        rows=[
            [
                pm.enrollment.person.display_name,
                pm.enrollment.organization.name,
                _number(pm.total) or 0,
                pm.status_label,
                _person(pm.report.signed_by) if pm.report else "",
            ]
            for pm in months
        ],
    )
    facts = [
        (_("Tidrapport"), month_label(month)),
        (_("Projekt"), project.name),
        (_("Deltagare"), len(months)),
    ]
    return _workbook(project, [summary, _days_table(months, month)], facts)


def summary_xlsx(
    project: Any, period: str, hours: list[Any], staff: list[Any], names: dict[str, str]
) -> bytes:
    """The cost report's time figures: attested participant hours and signed-off staff time, per
    month and organisation (``names``: organisation names by code)."""

    def where(row: Any) -> list[Any]:
        return [row["month"].strftime("%Y-%m"), names.get(row["organization"], row["organization"])]

    tables = [
        Table(
            key="hours",
            title=_("Deltagartimmar"),
            columns=[_("Månad"), _("Organisation"), _("Timmar"), _("Deltagare")],
            rows=[[*where(r), float(r["hours"]), r["participants"]] for r in hours]
            + [[_("Totalt"), "", sum(float(r["hours"]) for r in hours), None]],
            note=_(
                "Timmar i attesterade och rapporterade månader. Deltagare räknas per månad och organisation."
            ),
        ),
        Table(
            key="staff",
            title=_("Personaltid"),
            columns=[_("Månad"), _("Organisation"), _("Heltidsekvivalenter"), _("Timmar"), _("Medarbetare")],
            rows=[
                [*where(r), float(r["full_time_equivalents"]), float(r["hours"]), r["staff"]] for r in staff
            ]
            + [
                [
                    _("Totalt"),
                    "",
                    sum(float(r["full_time_equivalents"]) for r in staff),
                    sum(float(r["hours"]) for r in staff),
                    None,
                ]
            ],
            note=_("Attesterad personaltid; 100 % av heltid är en heltidsekvivalent."),
        ),
    ]
    return _workbook(project, tables, [(_("Projekt"), project.name), (_("Period"), period)])
