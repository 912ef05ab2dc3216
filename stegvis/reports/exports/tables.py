"""The tables of the report's own keys, for the XLSX and DOCX exports.

Registered with :func:`stegvis.reports.tables.register_tables` (orders 10–40) in the reports
app's ``ready()``. Each function only lays out its part of the report dict: no counting, no
queries. Every table keeps the report's order of codes and its "every code present, 0 where
none" rule, so a spreadsheet row can be checked against the JSON key by key.

Organisation names are not in the report (it is keyed by code); the exports add them under
``organization_names`` (see :func:`stegvis.reports.exports.render.export_tables`) and the
organisation table falls back to the code when a name is missing.
"""

from django.utils.translation import gettext as _

from stegvis.reports.counting import GENDERS
from stegvis.reports.suppression import share_of, total_of
from stegvis.reports.tables import Table, register_tables
from stegvis.reports.templatetags.report_charts import code_label

ORGANIZATION_NAMES = "organization_names"


def _counts_table(key, title, data, kind, total, first_column, labels=None, note=""):
    """``{code: count}`` as label | count | share of ``total``."""
    rows = [
        [(labels or {}).get(code) or code_label(kind, code), count, share_of(count, total)]
        for code, count in data.items()
    ]
    return Table(key, title, [first_column, _("Antal"), _("Andel")], rows, percent_columns={2}, note=note)


def _gender_columns():
    return [code_label("gender", g) for g in GENDERS]


def _by_gender_table(key, title, data, kind, first_column, note=""):
    """``{code: {K, M, X}}`` as label | K | M | X | total."""
    rows = []
    for code, counts in data.items():
        values = [counts.get(g, 0) for g in GENDERS]
        rows.append([code_label(kind, code), *values, total_of(values)])
    return Table(key, title, [first_column, *_gender_columns(), _("Totalt")], rows, note=note)


def key_figure_tables(report):
    exits = report["exits"]
    work = report["work_or_studies"]
    days = report["enrollment_days"]
    rows = [
        [_("Inskrivningar"), report["enrollments"], None],
        [_("Unika deltagare"), report["unique_persons"], None],
        [_("Aktiva"), report["active"], share_of(report["active"], report["enrollments"])],
        [_("Avslut"), exits["total"], None],
        [_("Avslut till arbete eller studier"), work["count"], work["share"]],
        [_("Dagar i projektet, medel"), days["mean"], None],
        [_("Dagar i projektet, median"), days["median"], None],
    ]
    if "new_in_period" in report:
        rows += [
            [_("Nya under perioden"), report["new_in_period"], None],
            [_("Avslutade under perioden"), report["exited_in_period"], None],
        ]
    return [
        Table(
            "key_figures",
            _("Nyckeltal"),
            [_("Nyckeltal"), _("Värde"), _("Andel")],
            rows,
            percent_columns={2},
            note=_(
                "Inskrivningar räknas per inskrivning; unika deltagare per person. Andelen aktiva är av "
                "inskrivningarna, andelen arbete eller studier av avsluten."
            ),
        )
    ]


def participant_tables(report):
    n = report["enrollments"]
    persons = report["unique_persons"]
    gender_rows = [
        [
            code_label("gender", g),
            report["by_gender"][g],
            share_of(report["by_gender"][g], n),
            report["by_gender_persons"][g],
            share_of(report["by_gender_persons"][g], persons),
        ]
        for g in GENDERS
    ]
    organization_names = report.get(ORGANIZATION_NAMES) or {}
    return [
        Table(
            "by_gender",
            _("Kön"),
            [
                _("Kön"),
                _("Inskrivningar"),
                _("Andel av inskrivningar"),
                _("Unika deltagare"),
                _("Andel av deltagare"),
            ],
            gender_rows,
            percent_columns={2, 4},
            note=_(
                "Inskrivningar med kön som registrerat vid start; unika deltagare med personens nuvarande kön."
            ),
        ),
        _counts_table(
            "by_age_band", _("Ålder vid start"), report["by_age_band"], "age_band", n, _("Åldersgrupp")
        ),
        _counts_table("by_referrer", _("Anvisare"), report["by_referrer"], "referrer", n, _("Anvisare")),
        _by_gender_table(
            "by_referrer_and_gender",
            _("Anvisare och kön"),
            report["by_referrer_and_gender"],
            "referrer",
            _("Anvisare"),
        ),
        _counts_table(
            "by_intake_channel",
            _("Intagsväg"),
            report["by_intake_channel"],
            "intake_channel",
            n,
            _("Intagsväg"),
        ),
        _counts_table(
            "by_organization",
            _("Inskrivande organisation"),
            report["by_organization"],
            "organization",
            n,
            _("Organisation"),
            labels=organization_names,
        ),
        _counts_table(
            "by_need_group", _("Behovsgrupp"), report["by_need_group"], "need_group", n, _("Behovsgrupp")
        ),
    ]


def exit_tables(report):
    exits = report["exits"]
    work = report["work_or_studies"]
    days = report["enrollment_days"]
    return [
        _counts_table(
            "exits_by_reason",
            _("Avslutsorsaker"),
            exits["by_reason"],
            "exit_reason",
            exits["total"],
            _("Avslutsorsak"),
            note=_("Andelen är av alla avslut."),
        ),
        _by_gender_table(
            "exits_by_reason_and_gender",
            _("Avslutsorsaker och kön"),
            exits["by_reason_and_gender"],
            "exit_reason",
            _("Avslutsorsak"),
        ),
        *exit_detail_tables(exits),
        Table(
            "work_or_studies",
            _("Arbete eller studier"),
            [_("Avslut"), _("Till arbete eller studier"), _("Andel")],
            [[exits["total"], work["count"], work["share"]]],
            percent_columns={2},
            note=_("Avslut med orsak arbete, studier eller arbetsmarknadsutbildning, av alla avslut."),
        ),
        Table(
            "enrollment_days",
            _("Dagar i projektet"),
            [_("Medel"), _("Median")],
            [[days["mean"], days["median"]]],
            note=_("Från startdatum till slutdatum, eller till rapportdatumet för den som är aktiv."),
        ),
    ]


def exit_detail_tables(exits):
    """The project's own exit reasons (when it has any), the next actor and every outcome at exit."""
    tables = []
    own = exits.get("project_reasons") or {}
    if own:
        rows = [
            [
                info["label"],
                code_label("exit_reason", info["standard_reason"]),
                count,
                share_of(count, exits["total"]),
            ]
            for (code, info), count in zip(own.items(), exits["by_project_reason"].values(), strict=True)
        ]
        tables.append(
            Table(
                "exits_by_project_reason",
                _("Projektets avslutsorsaker"),
                [_("Avslutsorsak"), _("Räknas som"), _("Antal"), _("Andel")],
                rows,
                percent_columns={3},
                note=_("Andelen är av alla avslut. Avslut med en standardorsak finns inte med här."),
            )
        )
    tables.append(
        _counts_table(
            "exits_by_next_actor",
            _("Nästa aktör"),
            exits["by_next_actor"],
            "next_actor",
            exits["total"],
            _("Nästa aktör"),
            note=_("Vem som tog över efter avslutet. Andelen är av alla avslut."),
        )
    )
    tables.append(
        _counts_table(
            "exits_by_outcome",
            _("Alla utfall vid avslut"),
            exits["by_outcome"],
            "exit_reason",
            exits["total"],
            _("Utfall"),
            note=_(
                "Avslut som ledde till utfallet, som avslutsorsak eller som ett av de andra utfallen. Ett "
                "avslut kan ha flera utfall, så summan kan bli större än antalet avslut. Andelen är av alla avslut."
            ),
        )
    )
    return tables


PROGRESSION_CLASSES = (
    ("positive", "Positiv förändring"),
    ("unchanged", "Oförändrade"),
    ("negative", "Negativ förändring"),
)


def progression_class_labels():
    """``[(key, Swedish label)]`` of the three outcome classes, in the order they are shown."""
    return [(key, _(label)) for key, label in PROGRESSION_CLASSES]


def _class_columns():
    return [label for _key, label in progression_class_labels()]


def progression_tables(report):
    progression = report.get("progression")
    if not progression:
        return []
    measured = progression.get("measured", 0)
    total_rows = [[_("Mätta (två eller fler mätningar)"), measured, None]]
    for key, label in progression_class_labels():
        total_rows.append([label, progression.get(key, 0), share_of(progression.get(key, 0), measured)])
    tables = [
        Table(
            "progression",
            _("Stegförflyttning"),
            [_("Utfall"), _("Antal"), _("Andel")],
            total_rows,
            percent_columns={2},
            note=_(
                "Första mot senaste mätningen i inskrivningen (%(instrument)s, %(respondent)s); andelarna är av de mätta."
            )
            % {
                "instrument": progression.get("instrument", ""),
                "respondent": progression.get("respondent", ""),
            },
        )
    ]
    head = [_("Mätta"), *_class_columns(), _("Medelförändring")]
    by_gender = progression.get("by_gender")
    if by_gender:
        tables.append(
            Table(
                "progression_by_gender",
                _("Stegförflyttning per kön"),
                [_("Kön"), *head],
                [[code_label("gender", g), *_progression_cells(cell)] for g, cell in by_gender.items()],
            )
        )
    cells = progression.get("by_gender_and_age_band")
    if cells:
        rows = [
            [code_label("gender", g), code_label("age_band", band), *_progression_cells(cell)]
            for g, bands in cells.items()
            for band, cell in bands.items()
        ]
        tables.append(
            Table(
                "progression_by_gender_and_age_band",
                _("Stegförflyttning per kön och ålder"),
                [_("Kön"), _("Åldersgrupp"), *head],
                rows,
            )
        )
    by_item = progression.get("by_item")
    if by_item:
        rows = [
            [
                item.get("dimension") or code,
                item.get("answered", 0),
                item.get("mean_first"),
                item.get("mean_latest"),
                item.get("mean_change"),
            ]
            for code, item in by_item.items()
        ]
        tables.append(
            Table(
                "progression_by_item",
                _("Stegförflyttning per område"),
                [
                    _("Område"),
                    _("Besvarade"),
                    _("Medel första mätningen"),
                    _("Medel senaste mätningen"),
                    _("Förändring"),
                ],
                rows,
                note=_("Medelvärden över de mätta som besvarat frågan både första och senaste gången."),
            )
        )
    return tables


def _progression_cells(cell):
    return [
        cell.get("measured", 0),
        *(cell.get(key, 0) for key, _label in PROGRESSION_CLASSES),
        cell.get("mean_change"),
    ]


def register():
    register_tables("key_figures", key_figure_tables, order=10)
    register_tables("participants", participant_tables, order=20)
    register_tables("exits", exit_tables, order=30)
    register_tables("progression", progression_tables, order=40)
