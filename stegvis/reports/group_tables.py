"""The report's ``breakdowns`` and ``by_coordinator`` as tables: per organisation, home municipality, coordinator.

Two tables per breakdown, the same on the report page, the follow-up page and in the XLSX/DOCX
exports: the enrolments by gender and age band, and the exits by reason with the share to work or
studies. Each ends with a total row, which is the report's own total (the groups add up to it).
Only lays out the report dict: no counting, no queries.
"""

from django.utils.translation import gettext as _

from stegvis.participants.municipalities import municipality_name
from stegvis.reports import coordinator_summary
from stegvis.reports.breakdowns import KEY
from stegvis.reports.counting import AGE_BANDS, EXIT_REASONS, GENDERS, UNKNOWN
from stegvis.reports.exports.tables import ORGANIZATION_NAMES
from stegvis.reports.tables import Table, register_tables
from stegvis.reports.templatetags.report_charts import code_label


def _municipality_label(code):
    if code == UNKNOWN:
        return _("Okänd eller ej angiven")
    return f"{municipality_name(code)} ({code})"


def _total(report):
    """The total row: the report's own totals, which the groups add up to.

    Taken from the report rather than summed from the groups, so a report with small numbers
    hidden shows its published (possibly hidden) totals, never a sum of hidden cells.
    """
    return {
        "enrollments": report["enrollments"],
        "exits": report["exits"]["total"],
        "work_or_studies": report["work_or_studies"]["count"],
        "by_gender": report["by_gender"],
        "by_age_band": report["by_age_band"],
        "by_exit_reason": report["exits"]["by_reason"],
    }


def _rows(groups, label, report):
    rows = [(label(code), group) for code, group in groups.items()]
    rows.append((_("Totalt"), _total(report)))
    return rows


def _share(count, base):
    """``count / base``, or nothing when the base is 0 or either is hidden (``"<5"``)."""
    if isinstance(count, int) and isinstance(base, int) and base:
        return count / base
    return None


def _gender_age_table(key, title, first_column, rows):
    columns = [
        first_column,
        _("Inskrivningar"),
        *(code_label("gender", g) for g in GENDERS),
        *(code_label("age_band", band) for band in AGE_BANDS),
    ]
    body = [
        [
            label,
            group["enrollments"],
            *(group["by_gender"].get(g, 0) for g in GENDERS),
            *(group["by_age_band"].get(band, 0) for band in AGE_BANDS),
        ]
        for label, group in rows
    ]
    return Table(key, title, columns, body, note=_("Kön och ålder som registrerat vid inskrivningens start."))


def _exits_table(key, title, first_column, rows):
    columns = [
        first_column,
        _("Avslut"),
        _("Till arbete eller studier"),
        _("Andel arbete eller studier"),
        *(code_label("exit_reason", reason) for reason in EXIT_REASONS),
    ]
    body = [
        [
            label,
            group["exits"],
            group["work_or_studies"],
            _share(group["work_or_studies"], group["exits"]),
            *(group.get("by_exit_reason", {}).get(reason, 0) for reason in EXIT_REASONS),
        ]
        for label, group in rows
    ]
    return Table(
        key,
        title,
        columns,
        body,
        percent_columns={3},
        note=_("Avslut fram till rapportdatumet; andelen är av gruppens avslut."),
    )


def breakdown_tables(report):
    breakdowns = report.get(KEY)
    if not breakdowns:
        return []
    names = report.get(ORGANIZATION_NAMES) or {}
    organizations = _rows(breakdowns["organization"], lambda code: names.get(code) or code, report)
    municipalities = _rows(breakdowns["home_municipality"], _municipality_label, report)
    return [
        _gender_age_table(
            "breakdown_organization", _("Per organisation: kön och ålder"), _("Organisation"), organizations
        ),
        _exits_table(
            "breakdown_organization_exits", _("Per organisation: avslut"), _("Organisation"), organizations
        ),
        _gender_age_table(
            "breakdown_municipality", _("Per hemkommun: kön och ålder"), _("Hemkommun"), municipalities
        ),
        _exits_table(
            "breakdown_municipality_exits", _("Per hemkommun: avslut"), _("Hemkommun"), municipalities
        ),
    ]


def coordinator_tables(report):
    summary = report.get(coordinator_summary.KEY)
    if summary is None:
        return []
    rows = [
        [
            figures["name"] or (_("Utan koordinator") if username == coordinator_summary.NONE else username),
            figures["enrollments"],
            figures["active"],
            figures["exits"],
            figures["work_or_studies"]["count"],
            figures["work_or_studies"]["share"] if figures["exits"] else None,
            figures["measured"],
            figures["positive"]["share"] if figures["measured"] else None,
        ]
        for username, figures in summary.items()
    ]
    return [
        Table(
            coordinator_summary.KEY,
            _("Per koordinator: avslut och stegförflyttning"),
            [
                _("Koordinator"),
                _("Inskrivningar"),
                _("Aktiva"),
                _("Avslut"),
                _("Till arbete eller studier"),
                _("Andel arbete eller studier"),
                _("Mätta"),
                _("Andel positiv stegförflyttning"),
            ],
            rows,
            percent_columns={5, 7},
            note=_(
                "Koordinatorn på rapportdatumet. Andelen arbete eller studier är av koordinatorns avslut, "
                "andelen positiv stegförflyttning av de mätta (två eller fler mätningar)."
            ),
        )
    ]


def register():
    register_tables(KEY, breakdown_tables, order=35)
    register_tables(coordinator_summary.KEY, coordinator_tables, order=36)
