"""The validation rules for persons and enrolments, each stated once.

The forms, the actions, the bulk actions and the importer all ask these functions, so changing a
rule (or its wording) is one edit and every way in behaves the same. Each function returns the
Swedish message, or ``None`` when the value is fine, rather than raising: every caller reports a
problem its own way (the actions raise :class:`~stegvis.core.errors.ActionError` keyed by field,
the bulk actions collect them per row, the forms put them at a field, the importer names file,
line and column).

Personnummer are checked by :func:`stegvis.participants.personnummer.parse`, the one place that
knows what a valid number is. Checks that need the database (a number already registered, an
overlapping enrolment) are asked by the callers, because the bulk actions answer them for a whole
batch at once; their messages are here all the same.
"""

import datetime
from collections.abc import Collection
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from stegvis.participants.models import (
    COUNTED_EXIT_REASONS,
    ESF_UNEMPLOYED,
    ESF_VOLUNTARY_FIELDS,
    WORK_OR_STUDIES,
    EducationLevel,
    Enrollment,
    ExitReason,
    Gender,
    NextActor,
    field_label,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.organizations.models import NeedGroup, Project

# Anonymous persons are registered with a birth year only; no participant was born before this.
FIRST_BIRTH_YEAR = 1900
# Longest plausible time without work, to catch typing errors (50 years).
MAX_UNEMPLOYED_MONTHS = 600


def _today(today: datetime.date | None) -> datetime.date:
    return today or datetime.date.today()


# --- Persons -------------------------------------------------------------------------------------


def birth_year_error(
    year: int | str | None, *, has_number: bool = False, today: datetime.date | None = None
) -> "StrOrPromise | None":
    """A birth year is a year from 1900 up to this year (a string from a file must be digits only).

    It is required unless a personnummer is given (``has_number``), which carries the birth date.
    """
    if year is None or year == "":
        return None if has_number else _("Ange födelseår när personnummer saknas.")
    if isinstance(year, str):
        if not year.isdigit():
            return birth_year_range_message()
        year = int(year)
    if not FIRST_BIRTH_YEAR <= int(year) <= _today(today).year:
        return birth_year_range_message()
    return None


def birth_year_range_message() -> "StrOrPromise":
    return _("Födelseåret måste vara ett årtal mellan 1900 och i år.")


def gender_error(gender: str) -> "StrOrPromise | None":
    if gender not in Gender.values:
        return _("Ange kön: kvinna, man eller annat/ej angivet.")
    return None


def personnummer_taken_message() -> "StrOrPromise":
    return _("Det finns redan en deltagare med det här personnumret.")


# --- Enrolments ----------------------------------------------------------------------------------


def project_period_error(project: "Project", start_date: datetime.date | None) -> "StrOrPromise | None":
    """An enrolment starts within its project's period.

    The start date is the one date checked against the project: everything later (the exit,
    measurements, contacts) is checked against the enrolment, which lies within the project.
    """
    if not start_date:
        return None
    if project.start_date and start_date < project.start_date:
        return _("Startdatum kan inte vara före projektets start (%(d)s).") % {"d": project.start_date}
    if project.end_date and start_date > project.end_date:
        return _("Startdatum kan inte vara efter projektets slut (%(d)s).") % {"d": project.end_date}
    return None


def organization_error(
    organization_id: int | None, project_organization_ids: Collection[int]
) -> "StrOrPromise | None":
    """Only the project's owner and partners enrol people in it."""
    if organization_id not in project_organization_ids:
        return _("Organisationen är inte med i projektet.")
    return None


def need_group_error(need_group: "NeedGroup | None", project: "Project") -> "StrOrPromise | None":
    """A need group belongs to one project."""
    if need_group is not None and need_group.project_id != project.pk:
        return _("Behovsgruppen hör till ett annat projekt.")
    return None


def periods_overlap(
    start: datetime.date,
    end: datetime.date | None,
    other_start: datetime.date,
    other_end: datetime.date | None,
) -> bool:
    """Whether two enrolment periods share a day (``None`` as the end means still going on)."""
    return other_start <= (end or datetime.date.max) and (other_end is None or other_end >= start)


def overlap_message() -> "StrOrPromise":
    """A person is enrolled in a project at most once at a time."""
    return _("Personen är redan inskriven i projektet under den perioden.")


def exit_date_error(
    end_date: datetime.date | None, *, today: datetime.date | None = None
) -> "StrOrPromise | None":
    """An exit is registered once it has happened."""
    if not end_date:
        return _("Ange slutdatum.")
    if end_date > _today(today):
        return _("Slutdatum kan inte vara i framtiden.")
    return None


def end_before_start_error(
    start_date: datetime.date | None, end_date: datetime.date | None
) -> "StrOrPromise | None":
    if end_date and start_date and end_date < start_date:
        return _("Slutdatum kan inte vara före startdatum.")
    return None


def exit_reason_error(reason: str | None) -> "StrOrPromise | None":
    if not reason:
        return _("Ange avslutsorsak.")
    if reason not in ExitReason.values:
        return _("Okänd avslutsorsak.")
    return None


def other_outcomes_error(reason: str | None, outcomes: Collection[str]) -> "StrOrPromise | None":
    """More outcomes than the reason: each a real exit reason, none the reason itself.

    Work or studies among the other outcomes requires the reason itself to be work or studies:
    then ``work_or_studies`` (counted by the reason, one per exit) and ``by_outcome`` (counted
    by every outcome) can never tell different stories about the same exit.
    """
    if not outcomes:
        return None
    if reason == ExitReason.FELREGISTRERING:
        return _("En felregistrering har inga andra utfall.")
    unknown = [o for o in outcomes if o not in COUNTED_EXIT_REASONS]
    if unknown:
        return _("Okänt utfall: %(value)s.") % {"value": ", ".join(unknown)}
    if reason in outcomes:
        return _("Avslutsorsaken ska inte väljas en gång till bland de andra utfallen.")
    if reason not in WORK_OR_STUDIES and any(o in WORK_OR_STUDIES for o in outcomes):
        return _(
            "När arbete, studier eller arbetsmarknadsutbildning är ett av utfallen ska avslutsorsaken "
            "vara något av dem."
        )
    return None


def next_actor_error(actor: str | None) -> "StrOrPromise | None":
    if actor and actor not in NextActor.values:
        return _("Okänd nästa aktör: %(value)s.") % {"value": actor}
    return None


def coordinator_from_date_error(
    from_date: datetime.date, enrollment_start: datetime.date
) -> "StrOrPromise | None":
    """A coordinator change takes effect within the enrolment."""
    if from_date < enrollment_start:
        return _("Datumet kan inte vara före inskrivningens start.")
    return None


def status_errors(enrollment: Enrollment) -> "list[tuple[str, StrOrPromise]]":
    """``[(field, message)]`` for the SUS/ESF+ status fields of an enrolment.

    The time without work only means something for a job seeker (it is what makes a job seeker
    long-term unemployed), and whether a qualification was gained is only known once the
    enrolment has ended.
    """
    errors: list[tuple[str, StrOrPromise]] = []
    for name, label in (
        ("work_extent_start", _("Arbetstid vid start")),
        ("work_extent_exit", _("Arbetstid vid avslut")),
    ):
        value = getattr(enrollment, name)
        if value is not None and not 0 <= value <= 100:
            errors.append((name, _("%(field)s måste vara mellan 0 och 100 %%.") % {"field": label}))
    months = enrollment.unemployed_months_start
    if months is not None:
        if not 0 <= months <= MAX_UNEMPLOYED_MONTHS:
            errors.append(
                (
                    "unemployed_months_start",
                    _("Tid utan arbete: ange antal månader mellan 0 och %(max)s.")
                    % {"max": MAX_UNEMPLOYED_MONTHS},
                )
            )
        elif enrollment.occupation_start not in ESF_UNEMPLOYED:
            errors.append(
                (
                    "unemployed_months_start",
                    _("Tid utan arbete anges bara när sysselsättningen vid start är Arbetssökande."),
                )
            )
    level = enrollment.education_level_start
    if level is not None and level not in EducationLevel.values:
        errors.append(
            (
                "education_level_start",
                _("Utbildningsnivå vid start: okänd nivå %(level)s.") % {"level": level},
            )
        )
    for name in ESF_VOLUNTARY_FIELDS + ("gained_qualification",):
        if getattr(enrollment, name) not in (None, True, False):
            errors.append(
                (
                    name,
                    _("%(field)s: svara ja, nej eller lämna obesvarat.") % {"field": field_label(name)},
                )
            )
    if enrollment.gained_qualification is not None and enrollment.end_date is None:
        errors.append(
            (
                "gained_qualification",
                _("Om deltagaren fick en kvalifikation kan bara anges när inskrivningen är avslutad."),
            )
        )
    return errors
