"""Every write of measurements and language levels: validate, write, audit, in one transaction."""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError
from stegvis.participants.models import Enrollment, Person
from stegvis.progression.models import (
    LEVELS,
    Answer,
    Instrument,
    Item,
    LanguageLevel,
    Measurement,
    Respondent,
    Source,
)
from stegvis.progression.scoring import refresh_scores

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def _clean_answers(instrument: Instrument, answers: dict[str, Any]) -> dict[Item, int | None]:
    """``{item_code: value or None}`` → ``{item: value or None}``, every value on the item's scale."""
    items = {item.code: item for item in instrument.items.all()}
    errors: dict[str, list[str]] = {}
    cleaned: dict[Item, int | None] = {}
    for code, value in answers.items():
        item = items.get(code)
        if item is None:
            errors.setdefault("answers", []).append(
                _("Frågan %(code)s finns inte i %(instrument)s.")
                % {"code": code, "instrument": instrument.name}
            )
            continue
        if value in ("", None):
            if not instrument.allow_dont_know:
                errors[code] = [_("Svar saknas.")]
            cleaned[item] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[code] = [_("Svaret ska vara en siffra.")]
            continue
        if not item.scale_min <= number <= item.scale_max:
            errors[code] = [
                _("Svaret ska vara mellan %(min)s och %(max)s.")
                % {"min": item.scale_min, "max": item.scale_max}
            ]
            continue
        cleaned[item] = number
    if not errors and not any(v is not None for v in cleaned.values()):
        errors["answers"] = [_("Minst en fråga måste vara besvarad.")]
    if errors:
        raise ActionError(errors)
    return cleaned


def _check_date(enrollment: Enrollment, date: datetime.date | None) -> datetime.date:
    """The date, if it lies within the enrolment and not in the future."""
    if date is None:
        raise ActionError({"date": [_("Ange datum.")]})
    if date > datetime.date.today():
        raise ActionError({"date": [_("Datumet kan inte vara i framtiden.")]})
    if date < enrollment.start_date or (enrollment.end_date and date > enrollment.end_date):
        raise ActionError(
            {
                "date": [
                    _("Datumet måste ligga inom inskrivningen (%(start)s – %(end)s).")
                    % {"start": enrollment.start_date, "end": enrollment.end_date or _("pågår")}
                ]
            }
        )
    return date


@transaction.atomic
def record_measurement(
    user: "Actor",
    enrollment: Enrollment,
    instrument: Instrument,
    *,
    respondent: str,
    date: datetime.date | None,
    answers: dict[str, Any],
    source: str = Source.MEETING,
    language: str = "",
) -> Measurement:
    """Register one answered card for an enrolment (from a meeting, a paper card, a link or an import)."""
    require(user, CHANGE, enrollment)
    if respondent not in Respondent.values:
        raise ActionError({"respondent": [_("Okänd svarande: %(v)s.") % {"v": respondent}]})
    date = _check_date(enrollment, date)
    cleaned = _clean_answers(instrument, answers)
    if Measurement.objects.filter(
        enrollment=enrollment, instrument=instrument, respondent=respondent, date=date
    ).exists():
        raise ActionError({"date": [_("Det finns redan en mätning med det här kortet det datumet.")]})
    measurement = Measurement.objects.create(
        enrollment=enrollment,
        instrument=instrument,
        respondent=respondent,
        date=date,
        source=source,
        registered_by=acting_user(user),
        language=language,
    )
    Answer.objects.bulk_create(
        [Answer(measurement=measurement, item=item, value=value) for item, value in cleaned.items()]
    )
    refresh_scores([measurement.pk])
    record(
        user,
        AuditAction.CREATE,
        measurement,
        person=enrollment.person,
        changes={
            "instrument": [None, instrument.code],
            "respondent": [None, respondent],
            "date": [None, str(date)],
            "answers": [None, {item.code: value for item, value in cleaned.items()}],
        },
    )
    return measurement


@transaction.atomic
def update_measurement(
    user: "Actor",
    measurement: Measurement,
    *,
    version: int | str,
    answers: dict[str, Any],
    date: datetime.date | None = None,
) -> Measurement:
    """Correct a measurement's answers (and date); a stale version is a conflict."""
    enrollment = measurement.enrollment
    require(user, CHANGE, enrollment)
    cleaned = _clean_answers(measurement.instrument, answers)
    before = {a.item.code: a.value for a in measurement.answers.select_related("item")}
    changes: dict[str, list[Any]] = {}
    if date is not None and date != measurement.date:
        _check_date(enrollment, date)
        changes["date"] = [str(measurement.date), str(date)]
        measurement.date = date
    save_versioned(measurement, version, ["date"])
    after = {item.code: value for item, value in cleaned.items()}
    for item, value in cleaned.items():
        Answer.objects.update_or_create(measurement=measurement, item=item, defaults={"value": value})
    refresh_scores([measurement.pk])
    changes.update(
        {code: [before.get(code), value] for code, value in after.items() if before.get(code) != value}
    )
    record(user, AuditAction.UPDATE, measurement, person=enrollment.person, changes=changes)
    return measurement


@transaction.atomic
def record_language_level(
    user: "Actor", person: Person, *, date: datetime.date | None, framework: str, level: str
) -> LanguageLevel:
    """Register a person's SFI course or CEFR level on a date."""
    require(user, CHANGE, person)
    if framework not in LEVELS:
        raise ActionError({"framework": [_("Välj SFI eller GERS/CEFR.")]})
    if level not in LEVELS[framework]:
        raise ActionError(
            {"level": [_("Nivån ska vara en av %(levels)s.") % {"levels": ", ".join(LEVELS[framework])}]}
        )
    if date is None or date > datetime.date.today():
        raise ActionError({"date": [_("Ange ett datum som inte är i framtiden.")]})
    existing = LanguageLevel.objects.filter(person=person, framework=framework, date=date).first()
    if existing:
        if existing.level == level:
            return existing
        raise ActionError({"date": [_("Det finns redan en annan nivå registrerad det datumet.")]})
    entry = LanguageLevel.objects.create(
        person=person,
        date=date,
        framework=framework,
        level=level,
        registered_by=acting_user(user),
    )
    record(
        user,
        AuditAction.CREATE,
        entry,
        person=person,
        changes={"framework": [None, framework], "level": [None, level], "date": [None, str(date)]},
    )
    return entry
