"""The ``what_works`` section as tables for the exports and the page (:mod:`stegvis.reports.tables`).

Numbers stay numbers, shares are 0..1 floats named in ``percent_columns``, and every share has
its count and the count it is a share of beside it, so a reader sees how few people a large
percentage may stand on. Each table carries the note that the figures are descriptive.
"""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.interventions.queries import ALL, NO_EMPLOYER, NO_INDUSTRY, Industry, Outcome, WorkplaceType
from stegvis.reports.followup.tables import CHANGE_LABELS
from stegvis.reports.followup_figures import CHANGE_BUCKETS
from stegvis.reports.labels import label_for
from stegvis.reports.tables import Table
from stegvis.reports.whatworks.figures import CONTACTS_HIGH, CONTACTS_LOW, KEY

# The keys of the placement tables begin with this.
PLACEMENT_TABLES = "what_works_placements"

COMBINATION_LABELS = {
    "none": _("Inga insatser"),
    "one_kind": _("En sorts insats"),
    "parallel": _("Arbetsinriktat parallellt med kompetens och/eller hälsa"),
    "sequential": _("Arbetsinriktat och kompetens/hälsa efter varandra"),
}


def contact_band_labels():
    low, high = CONTACTS_LOW, CONTACTS_HIGH
    return {
        "under_2": _t("Färre än %(n)s kontakter per månad") % {"n": low},
        "2_4": _t("%(low)s–%(high)s kontakter per månad") % {"low": low, "high": high},
        "over_4": _t("Fler än %(n)s kontakter per månad") % {"n": high},
    }


def group_labels():
    """``{dimension: {group: label}}`` for the three groupings."""
    return {
        "by_combination": {k: str(v) for k, v in COMBINATION_LABELS.items()},
        "by_coordinator_changes": {k: str(v) for k, v in zip(CHANGE_BUCKETS, CHANGE_LABELS, strict=False)},
        "by_contact_frequency": contact_band_labels(),
    }


def _group_table(section, dimension, title, first_column, definition):
    """One grouping as a table: per group the enrolments, exits and progression, each share with its counts."""
    labels = group_labels()[dimension]
    return Table(
        key=f"what_works_{dimension.removeprefix('by_')}",
        title=title,
        columns=[
            first_column,
            _t("Inskrivningar"),
            _t("Avslut"),
            _t("Avslut till arbete eller studier"),
            _t("Andel av avslut"),
            _t("Mätta (två eller fler mätningar)"),
            _t("Positiv stegförflyttning"),
            _t("Andel av mätta"),
        ],
        rows=[
            [
                labels[key],
                g["enrollments"],
                g["exits"],
                g["work_or_studies"]["count"],
                g["work_or_studies"]["share"],
                g["measured"],
                g["positive"]["count"],
                g["positive"]["share"],
            ]
            for key, g in section[dimension].items()
        ],
        percent_columns={4, 7},
        note=f"{definition} {section['note']}",
    )


def _placement_table(key, title, first_columns, rows, note):
    """Placements per group (``rows``: ``(first cells, row)``): places, outcomes, the share employed."""
    return Table(
        key=key,
        title=title,
        columns=[
            *first_columns,
            _t("Platser"),
            _t("Pågår"),
            _t("Avslutade"),
            _t("Anställning på arbetsplatsen"),
            _t("Annan anställning"),
            _t("Ingen anställning"),
            _t("Anställning totalt"),
            _t("Andel av avslutade"),
        ],
        rows=[
            [
                *cells,
                row["total"],
                row[Outcome.PAGAR],
                row["finished"],
                row[Outcome.ANSTALLNING_HAR],
                row[Outcome.ANNAN_ANSTALLNING],
                row[Outcome.INGEN_ANSTALLNING],
                row["employed"],
                row["employed_share"],
            ]
            for cells, row in rows
        ],
        percent_columns={len(first_columns) + 7},
        note=note,
    )


def what_works_tables(report):
    section = report.get(KEY)
    if section is None:
        return []
    note = section["note"]
    threshold = section["progression_threshold"]
    progression_rule = _t(
        "Positiv stegförflyttning: senaste mätningens värde minus den första är större än projektets "
        "tröskel (%(t)s)."
    ) % {"t": f"{threshold:g}".replace(".", ",")}
    placement_note = (
        _t(
            "Praktik- och arbetsträningsplatser som började senast rapportdatumet; en plats som inte "
            "var avslutad då räknas som pågående."
        )
        + " "
        + note
    )
    industry_labels = {
        NO_INDUSTRY: _t("Bransch saknas"),
        NO_EMPLOYER: _t("Ingen arbetsgivare kopplad"),
    }
    employer_rows = [
        (
            industry_labels[NO_EMPLOYER] if key == NO_EMPLOYER else row["name"],
            industry_labels.get(industry) or industry,
            row,
        )
        for industry, employers in section.get("placements_by_employer", {}).items()
        for key, row in employers.items()
    ]
    return [
        _placement_table(
            PLACEMENT_TABLES,
            _t("Praktik som gav anställning"),
            [_t("Typ av arbetsplats")],
            [
                ([_t("Alla") if code == ALL else label_for(WorkplaceType, code)], row)
                for code, row in section["placements"].items()
            ],
            placement_note,
        ),
        _placement_table(
            f"{PLACEMENT_TABLES}_by_employer",
            _t("Praktik per arbetsgivare"),
            [_t("Arbetsgivare"), _t("Bransch (SNI)")],
            [([name, industry], row) for name, industry, row in employer_rows],
            placement_note,
        ),
        _placement_table(
            f"{PLACEMENT_TABLES}_by_industry",
            _t("Praktik per bransch"),
            [_t("Bransch (SNI)")],
            [
                (
                    [industry_labels.get(code) or f"{code} {label_for(Industry, code)}"],
                    row,
                )
                for code, row in section.get("placements_by_industry", {}).items()
            ],
            placement_note + " " + _t("Branschen är arbetsgivarens SNI-avdelning i arbetsgivarregistret."),
        ),
        _group_table(
            section,
            "by_combination",
            _t("Utfall per insatskombination"),
            _t("Insatser"),
            _t(
                "Parallellt: en arbetsinriktad insats pågick samtidigt som en kompetenshöjande eller "
                "hälsoinsats. "
            )
            + progression_rule,
        ),
        _group_table(
            section,
            "by_coordinator_changes",
            _t("Utfall per koordinatorbyten"),
            _t("Koordinatorbyten"),
            _t("Varje ny koordinator efter den första, fram till rapportdatumet."),
        ),
        _group_table(
            section,
            "by_contact_frequency",
            _t("Utfall per kontaktfrekvens"),
            _t("Kontakter per månad"),
            _t("Loggade kontakter per månad i projektet (från start till avslut eller rapportdatumet)."),
        ),
    ]
