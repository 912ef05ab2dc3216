"""The ESF+ participant data file: one row per enrolment with what the participant reporting asks.

The same enrolments, identity rules, pseudonymisation, anonymity and audit as the SUS list
(:mod:`stegvis.reports.external.sus`, whose :class:`~stegvis.reports.external.sus.Listing` this
is), with the ESF+ fields of docs/sus-esf.md ("ESF+ participant data file") as its columns. Every
value is read from the enrolment as the indicators read it (``reports/external/esf.py``): the
status at entry from the SUS occupation, long-term unemployment by the EU definition, the
education as an ISCED group, the situation on leaving from the occupation at exit. The voluntary
answers are there only where the person consented to give them (they are stored only then).
An anonymous row keeps no voluntary answer and no country: with gender and birth year they could
point at the person.
"""

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import (
    ESF_EMPLOYED,
    ESF_INACTIVE,
    ESF_UNEMPLOYED,
    ESF_VOLUNTARY_FIELDS,
    LONG_TERM_UNEMPLOYED_MONTHS,
    LONG_TERM_UNEMPLOYED_MONTHS_YOUNG,
    YOUNG_AGE_LIMIT,
    Occupation,
    field_label,
)
from stegvis.reports.external import sus
from stegvis.reports.external.sus import Column, Listing

_IDENTITY = (
    "participant",
    "pseudonym",
    "personnummer",
    "gender",
    "birth_year",
    "age",
    "start_date",
    "end_date",
)

COLUMNS = (
    *(column for column in sus.COLUMNS if column.key in _IDENTITY),
    Column("status_at_entry", _("Status på arbetsmarknaden vid start")),
    Column("unemployed_months_start", _("Tid utan arbete vid start (månader)")),
    Column("long_term_unemployed", _("Långtidsarbetslös")),
    Column("education", _("Utbildningsnivå vid start")),
    *(Column(name, field_label(name)) for name in ESF_VOLUNTARY_FIELDS),
    Column("country_of_birth", _("Födelseland")),
    Column("citizenship", _("Medborgarskap")),
    Column("situation_on_leaving", _("Situation vid avslut")),
    Column("gained_qualification", _("Fick en kvalifikation")),
)

VALUES = (
    *sus.SUS.values,
    "unemployed_months_start",
    "education_level_start",
    *ESF_VOLUNTARY_FIELDS,
    "country_of_birth",
    "citizenship",
    "gained_qualification",
)


def _yes_no(value):
    return None if value is None else (_t("ja") if value else _t("nej"))


def _status_at_entry(occupation):
    if occupation in ESF_EMPLOYED:
        return _t("Sysselsatt")
    if occupation in ESF_UNEMPLOYED:
        return _t("Arbetslös")
    if occupation in ESF_INACTIVE:
        return _t("Utanför arbetskraften")
    return None


def _long_term(values):
    if values["occupation_start"] not in ESF_UNEMPLOYED or values["unemployed_months_start"] is None:
        return None
    young = values["_age"] is not None and values["_age"] < YOUNG_AGE_LIMIT
    limit = LONG_TERM_UNEMPLOYED_MONTHS_YOUNG if young else LONG_TERM_UNEMPLOYED_MONTHS
    return values["unemployed_months_start"] > limit


def _education(level):
    if level is None:
        return None
    return "ISCED 0–2" if level <= 2 else ("ISCED 3–4" if level <= 4 else "ISCED 5–8")


_ON_LEAVING = {
    Occupation.ARBETE: _("I arbete, inklusive egenföretagare"),
    Occupation.STUDIER: _("I utbildning"),
    Occupation.ARBETSSOKANDE: _("Arbetssökande"),
}


def row(values, pseudonymised):
    """One row: the SUS list's identity columns and the ESF+ fields."""
    result = {key: value for key, value in sus.row(values, pseudonymised).items() if key in _IDENTITY}
    exited = values["_end"] is not None
    result.update(
        status_at_entry=_status_at_entry(values["occupation_start"]),
        unemployed_months_start=values["unemployed_months_start"],
        long_term_unemployed=_yes_no(_long_term(values)),
        education=_education(values["education_level_start"]),
        situation_on_leaving=str(_ON_LEAVING[values["occupation_exit"]])
        if exited and values["occupation_exit"] in _ON_LEAVING
        else None,
        gained_qualification=_yes_no(values["gained_qualification"]) if exited else None,
    )
    anonymous = values["_anonymous"]
    for name in ESF_VOLUNTARY_FIELDS:
        result[name] = None if anonymous else _yes_no(values[name])
    for name in ("country_of_birth", "citizenship"):
        result[name] = None if anonymous else (values[name] or None)
    return result


ESF_PARTICIPANTS = Listing(
    title=_("ESF+ deltagaruppgifter"),
    file_base="esf-deltagare",
    columns=COLUMNS,
    values=VALUES,
    row=row,
    note=_("Frivilliga uppgifter finns bara för deltagare som samtyckt till att lämna dem."),
)
