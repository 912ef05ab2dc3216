"""The ESF+ common participant indicators (regulation (EU) 2021/1057, annex I), by gender.

One query grouped by gender and age class over the report's enrolments in scope gives every
indicator for women, men and other/not given (conditional ``Count``\\s; the six-month follow-up is
an ``EXISTS`` per enrolment), the total is their sum, and two more count the unique persons per
gender and of all genders, so the number of queries never grows with the data. The section is the report's
``esf`` key (registered from :mod:`stegvis.participants.apps`); the ESF+ page, the JSON, the CLI
and the XLSX/DOCX exports render it. docs/sus-esf.md gives every definition and why.

- **At entry** (every enrolment in scope): the labour-market status is read from the SUS
  occupation at start (:data:`~stegvis.participants.models.ESF_EMPLOYED` etc.), long-term
  unemployment from the months without work (over 12, over 6 under age 25), age at the start
  date, ISCED from the education level snapshot taken at enrolment, and the voluntary questions
  counted only when answered "yes".
- **On leaving** (exits by ``on``): the SUS occupation at exit, and ``gained_qualification``.
- **Six months after leaving** (exits at least six months before ``on``): the six-month
  follow-up after exit recorded by ``on``. The follow-ups belong to the outcomes app, which is
  built on reports: it registers how they are read (:func:`register_follow_up_after_exit`), so
  this module never imports it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import (
    ESF_EMPLOYED,
    ESF_INACTIVE,
    ESF_UNEMPLOYED,
    LONG_TERM_UNEMPLOYED_MONTHS,
    LONG_TERM_UNEMPLOYED_MONTHS_YOUNG,
    YOUNG_AGE_LIMIT,
    Occupation,
)
from stegvis.reports.counting import GENDERS, exited_q, with_age_group
from stegvis.reports.tables import Table

TOTAL = "total"
COLUMNS = GENDERS + (TOTAL,)
SIX_MONTHS = 6


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str  # lazy Swedish
    condition: Q
    # Counted only for enrolments in these age classes (:data:`AGE_CLASSES`); ``None``: any age.
    ages: tuple[str, ...] | None = None
    # Counted besides ``condition`` for enrolments under YOUNG_AGE_LIMIT (the young's shorter
    # long-term unemployment); never overlaps ``condition``.
    young: Q | None = None


# The age at the start date in the classes the indicators ask about, one column per enrolment
# (see counting.with_age_group): tested in order, an unknown age is in none.
AGE_CLASSES = (
    (Q(_age__lt=18), "under_18"),
    (Q(_age__lt=YOUNG_AGE_LIMIT), "18_24"),
    (Q(_age__lte=29), "25_29"),
    (Q(_age__lt=55), "30_54"),
    (Q(_age__gte=55), "55_plus"),
)
YOUNG = ("under_18", "18_24")


def _unemployed():
    return Q(occupation_start__in=ESF_UNEMPLOYED)


def entry_indicators():
    unemployed = _unemployed()
    # Over 12 months without work at any age, over 6 (and so up to 12) under 25.
    long_term = unemployed & Q(unemployed_months_start__gt=LONG_TERM_UNEMPLOYED_MONTHS)
    long_term_young = unemployed & Q(
        unemployed_months_start__gt=LONG_TERM_UNEMPLOYED_MONTHS_YOUNG,
        unemployed_months_start__lte=LONG_TERM_UNEMPLOYED_MONTHS,
    )
    return (
        Indicator("participants", _("Deltagare (inskrivningar)"), Q()),
        Indicator("unemployed", _("Arbetslösa, inklusive långtidsarbetslösa"), unemployed),
        Indicator("long_term_unemployed", _("Långtidsarbetslösa"), long_term, young=long_term_young),
        Indicator("inactive", _("Personer utanför arbetskraften"), Q(occupation_start__in=ESF_INACTIVE)),
        Indicator(
            "employed", _("Sysselsatta, inklusive egenföretagare"), Q(occupation_start__in=ESF_EMPLOYED)
        ),
        Indicator("status_unknown", _("Sysselsättning vid start ej angiven"), Q(occupation_start="")),
        Indicator("age_under_18", _("Under 18 år"), Q(), ages=("under_18",)),
        Indicator("age_18_29", _("18–29 år"), Q(), ages=("18_24", "25_29")),
        Indicator("age_55_plus", _("55 år och äldre"), Q(), ages=("55_plus",)),
        Indicator("isced_0_2", _("Högst grundskola (ISCED 0–2)"), Q(education_level_start__lte=2)),
        Indicator(
            "isced_3_4",
            _("Gymnasium eller kort eftergymnasial (ISCED 3–4)"),
            Q(education_level_start__in=(3, 4)),
        ),
        Indicator("isced_5_8", _("Eftergymnasial utbildning (ISCED 5–8)"), Q(education_level_start__gte=5)),
        Indicator(
            "education_unknown", _("Utbildningsnivå ej angiven"), Q(education_level_start__isnull=True)
        ),
        Indicator("disability", _("Med funktionsnedsättning"), Q(disability=True)),
        Indicator(
            "third_country_national", _("Medborgare i land utanför EU/EES"), Q(third_country_national=True)
        ),
        Indicator("foreign_origin", _("Med utländsk bakgrund"), Q(foreign_origin=True)),
        Indicator("minority", _("Tillhör en minoritet"), Q(minority=True)),
        Indicator(
            "housing_exclusion",
            _("Hemlösa eller utestängda från bostadsmarknaden"),
            Q(housing_exclusion=True),
        ),
        Indicator("rural_area", _("Bor på landsbygden"), Q(rural_area=True)),
    )


def exit_indicators(on):
    exited = exited_q(on)
    return (
        Indicator("exits", _("Avslutade deltagare"), exited),
        Indicator(
            "job_searching",
            _("Arbetssökande vid avslut"),
            exited & Q(occupation_exit=Occupation.ARBETSSOKANDE),
        ),
        Indicator(
            "in_education_or_training",
            _("I utbildning vid avslut"),
            exited & Q(occupation_exit=Occupation.STUDIER),
        ),
        Indicator(
            "gained_qualification",
            _("Fick en kvalifikation vid avslut"),
            exited & Q(gained_qualification=True),
        ),
        Indicator(
            "in_employment",
            _("I arbete vid avslut, inklusive egenföretagare"),
            exited & Q(occupation_exit=Occupation.ARBETE),
        ),
    )


@dataclass(frozen=True)
class FollowUpAfterExit:
    """How the indicators read the follow-up ``months`` after exit (see :func:`register_follow_up_after_exit`)."""

    exited_by: Callable  # exited_by(on, months) -> the latest exit date whose point has passed by ``on``
    due: Callable  # due(on, months) -> Q: enrolments whose point has passed by ``on``
    recorded: Callable  # recorded(on, months) -> {"followed_up", "in_employment", "improved_situation"}: expressions


_follow_up_after_exit: FollowUpAfterExit | None = None


def register_follow_up_after_exit(*, exited_by, due, recorded):
    """Let the app that keeps the follow-ups after exit (outcomes) say how the six-month indicators read them.

    ``recorded(on, months)`` returns boolean expressions per enrolment (``Exists`` subqueries):
    followed up by ``on``, in employment then, and in an improved situation then.
    """
    global _follow_up_after_exit
    _follow_up_after_exit = FollowUpAfterExit(exited_by, due, recorded)


def _follow_up():
    if _follow_up_after_exit is None:
        raise LookupError("No follow-up after exit is registered (the outcomes app registers it).")
    return _follow_up_after_exit


def six_months_cutoff(on):
    """The latest exit date whose day six months after is on or before ``on`` (as the follow-up pages count)."""
    return _follow_up().exited_by(on, SIX_MONTHS)


def six_month_indicators(on):
    due = _follow_up().due(on, SIX_MONTHS)
    return (
        Indicator("exits", _("Avslutade minst sex månader före rapportdatumet"), due),
        Indicator("followed_up", _("Följdes upp sex månader efter avslut"), due & Q(_fu6=True)),
        Indicator(
            "in_employment",
            _("I arbete sex månader efter avslut, inklusive egenföretagare"),
            due & Q(_fu6_work=True),
        ),
        Indicator(
            "improved_situation",
            _("Förbättrad situation på arbetsmarknaden sex månader efter avslut"),
            due & Q(_fu6_improved=True),
        ),
    )


def sections(on):
    """``[(section key, Swedish title, indicators)]`` in the order the pages and tables show them."""
    return [
        ("entry", _("Vid inträde"), entry_indicators()),
        ("exit", _("Vid avslut"), exit_indicators(on)),
        ("six_months", _("Sex månader efter avslut"), six_month_indicators(on)),
    ]


def _follow_up_annotations(on):
    recorded = _follow_up().recorded(on, SIX_MONTHS)
    return {
        "_fu6": recorded["followed_up"],
        "_fu6_work": recorded["in_employment"],
        "_fu6_improved": recorded["improved_situation"],
    }


def esf_indicators(project, enrollments, on):
    """The report's ``esf`` section for the enrolments in scope, as it stood on ``on``.

    Every indicator is ``{"K": n, "M": n, "X": n, "total": n}``; ``entry`` also has the
    unique persons. Three queries: the indicators (``GROUP BY`` gender and age class, one
    conditional count per indicator; the age indicators and the young's long-term unemployment
    are sums of the age classes' rows, the total the sum of the genders), the unique persons per
    gender, and the unique persons of all genders (a person may have enrolments registered with
    different genders).
    """
    parts = sections(on)
    aggregates, indicators = {}, []
    for section, _title, section_indicators in parts:
        for indicator in section_indicators:
            key = f"{section}__{indicator.key}"
            indicators.append((key, indicator))
            condition = indicator.condition
            aggregates[key] = Count("pk", filter=condition) if condition else Count("pk")
            if indicator.young is not None:
                aggregates[f"{key}__young"] = Count("pk", filter=indicator.young)
    qs = with_age_group(enrollments.order_by(), "_esf_age", AGE_CLASSES).alias(**_follow_up_annotations(on))
    counts = {key: dict.fromkeys(COLUMNS, 0) for key, _indicator in indicators}
    for row in qs.values("gender", "_esf_age").annotate(**aggregates):  # genders × age classes
        gender, age = row["gender"], row["_esf_age"]
        for key, indicator in indicators:
            if indicator.ages is not None and age not in indicator.ages:
                continue
            n = row[key] + (row[f"{key}__young"] if indicator.young is not None and age in YOUNG else 0)
            if gender in counts[key]:
                counts[key][gender] += n
            counts[key][TOTAL] += n
    persons = dict.fromkeys(COLUMNS, 0)
    for row in enrollments.order_by().values("gender").annotate(n=Count("person", distinct=True)):
        if row["gender"] in persons:
            persons[row["gender"]] = row["n"]
    persons[TOTAL] = enrollments.order_by().aggregate(n=Count("person", distinct=True))["n"]
    result = {"six_months_exited_by": six_months_cutoff(on).isoformat()}
    for section, _title, section_indicators in parts:
        result[section] = {i.key: counts[f"{section}__{i.key}"] for i in section_indicators}
    result["entry"]["unique_persons"] = persons
    return result


def gender_headings():
    return [_t("Indikator"), _t("Kvinnor"), _t("Män"), _t("Annat/ej angivet"), _t("Totalt")]


def esf_tables(report):
    """The ``esf`` section as three tables (entry, on leaving, six months after), for the exports."""
    esf = report.get("esf")
    if not esf:
        return []
    on = report["on"]
    notes = {
        "entry": _t(
            "Inskrivningar som pågick någon gång i urvalet. Status vid start enligt sysselsättningen vid start "
            "(arbete = sysselsatt, arbetssökande = arbetslös, studier eller ingen sysselsättning = utanför "
            "arbetskraften). Ålder på startdagen. Frivilliga uppgifter räknas bara när deltagaren svarat ja."
        ),
        "exit": _t("Avslut till och med %(on)s, enligt sysselsättningen vid avslut.") % {"on": on},
        "six_months": _t(
            "Avslut till och med %(by)s (minst sex månader före %(on)s) och uppföljningen sex månader efter "
            "avslut, registrerad senast %(on)s."
        )
        % {"by": esf["six_months_exited_by"], "on": on},
    }
    tables = []
    for section, title, indicators in sections(datetime.date.fromisoformat(on)):
        rows = [[str(i.label)] + [esf[section][i.key][g] for g in COLUMNS] for i in indicators]
        if section == "entry":
            rows.insert(1, [_t("Unika personer")] + [esf["entry"]["unique_persons"][g] for g in COLUMNS])
        tables.append(
            Table(
                key=f"esf_{section}",
                title=_t("ESF+: %(title)s") % {"title": title},
                columns=gender_headings(),
                rows=rows,
                note=notes[section],
            )
        )
    return tables
