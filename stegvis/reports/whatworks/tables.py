"""The ``what_works`` section as tables for the exports and the page (:mod:`stegvis.reports.tables`).

Numbers stay numbers, shares are 0..1 floats named in ``percent_columns``, and every share has
its count and the count it is a share of beside it, so a reader sees how few people a large
percentage may stand on. Each table carries the note that the figures are descriptive.
"""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.interventions.queries import Outcome, WorkplaceType
from stegvis.reports.followup.tables import CHANGE_LABELS
from stegvis.reports.followup_figures import CHANGE_BUCKETS
from stegvis.reports.labels import label_for
from stegvis.reports.tables import Table
from stegvis.reports.whatworks.figures import CONTACTS_HIGH, CONTACTS_LOW, KEY

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
    placements = section["placements"]
    placement_rows = [
        [
            _t("Alla") if code == "alla" else label_for(WorkplaceType, code),
            row["total"],
            row[Outcome.PAGAR],
            row["finished"],
            row[Outcome.ANSTALLNING_HAR],
            row[Outcome.ANNAN_ANSTALLNING],
            row[Outcome.INGEN_ANSTALLNING],
            row["employed"],
            row["employed_share"],
        ]
        for code, row in placements.items()
    ]
    return [
        Table(
            key="what_works_placements",
            title=_t("Praktik som gav anställning"),
            columns=[
                _t("Typ av arbetsplats"),
                _t("Platser"),
                _t("Pågår"),
                _t("Avslutade"),
                _t("Anställning på arbetsplatsen"),
                _t("Annan anställning"),
                _t("Ingen anställning"),
                _t("Anställning totalt"),
                _t("Andel av avslutade"),
            ],
            rows=placement_rows,
            percent_columns={8},
            note=_t(
                "Praktik- och arbetsträningsplatser som började senast rapportdatumet; en plats som inte "
                "var avslutad då räknas som pågående."
            )
            + " "
            + note,
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
