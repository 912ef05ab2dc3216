"""Every write to persons and enrolments.

Each action validates, writes and records its audit entry in one transaction, so the views,
the importer and the demo generator behave the same and nothing is half-written.
``user`` is the staff member acting; ``None`` means the command line run by an operator with
server access (the audit log shows it as such).

Errors are :class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field; the
rules and their messages are stated once in :mod:`stegvis.participants.rules`.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_countries import countries as django_countries

from stegvis.audit.log import AuditAction, diff, record, snapshot
from stegvis.core.access import CHANGE, VIEW, acting_user, may, require, works_on
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants import personnummer as pnr
from stegvis.participants import rules, voluntary_consent
from stegvis.participants.access import may_register_for
from stegvis.participants.ages import refresh_ages
from stegvis.participants.models import (
    ESF_CONSENT_FIELDS,
    ESF_COUNTRY_FIELDS,
    EU_EEA_CH,
    CoordinatorAssignment,
    Enrollment,
    ExitOutcome,
    ParticipantRef,
    Person,
    ProjectExitReason,
    field_label,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_year",
    "birth_date",
    "gender",
    "home_municipality",
    "language",
    "interpreter_needed",
    "contact_preference",
    "phone",
    "email",
    "education_level",
)
ESF_START_FIELDS = ("unemployed_months_start", "education_level_start") + ESF_CONSENT_FIELDS
ENROLLMENT_FIELDS = (
    "referrer",
    "intake_channel",
    "need_group",
    "start_date",
    "income_source_start",
    "occupation_start",
    "work_extent_start",
) + ESF_START_FIELDS
# The person's situation at exit, as SUS and ESF+ ask it.
EXIT_STATUS_FIELDS = (
    "income_source_exit",
    "occupation_exit",
    "work_extent_exit",
    "gained_qualification",
)
EXIT_FIELDS = ("end_date", "exit_reason", "next_actor") + EXIT_STATUS_FIELDS


def mark_enrolled(person_ids: Iterable[int]) -> int:
    """Clear ``Person.not_yet_enrolled`` of these persons, who now have an enrolment.

    Call it in the transaction that writes (or moves) their enrolments. One ``UPDATE`` for the
    whole batch (on SQLite one per as many ids as a statement may carry); persons already marked
    are not written again. Returns the number of persons marked.
    """
    ids = sorted(set(person_ids))
    limit = connection.features.max_query_params  # None: no limit (PostgreSQL)
    size = max(1, limit - 1 if limit else len(ids))  # on SQLite, one parameter is the flag
    marked = 0
    for start in range(0, len(ids), size):
        marked += Person.objects.filter(pk__in=ids[start : start + size], not_yet_enrolled=True).update(
            not_yet_enrolled=False
        )
    return marked


def _check_may_enrol(user: "Actor", project: Project, organization: Organization) -> None:
    """Staff may enrol for a project/organisation pair they could then see."""
    if user is None or works_on(user, project, organization):
        return
    raise NotAllowed(_("Du kan inte skriva in deltagare i det här projektet för den organisationen."))


def _apply_identity(person: Person, number: str | None, protected: bool | None) -> None:
    """Set personnummer, birth date and birth year from ``number`` (which may be empty)."""
    if number:
        try:
            parsed = pnr.parse(number)
        except ActionError:
            raise
        except ValidationError as exc:  # from parse: name the field
            raise ActionError({"personnummer": exc.messages}) from None
        person.birth_date = parsed.birth_date
        person.birth_year = parsed.birth_date.year
        person.personnummer = None if protected else parsed.number
    else:
        person.personnummer = None
    person.protected_identity = bool(protected)


def _validate_person(person: Person) -> None:
    errors: dict[str, list[StrOrPromise]] = {}
    for field, message in (
        ("birth_year", rules.birth_year_error(person.birth_year)),
        ("gender", rules.gender_error(person.gender)),
    ):
        if message:
            errors[field] = [message]
    if person.personnummer:
        clash = Person.objects.filter(personnummer=person.personnummer).exclude(pk=person.pk).exists()
        if clash:
            errors["personnummer"] = [rules.personnummer_taken_message()]
    if errors:
        raise ActionError(errors)


@transaction.atomic
def register_person(
    user: "Actor",
    *,
    organization: Organization,
    personnummer: str = "",
    protected_identity: bool = False,
    ref: str = "",
    **fields: Any,
) -> Person:
    """Register a new person, registered by ``organization`` (optionally with its own reference)."""
    if user is not None and not may_register_for(user, organization):
        raise NotAllowed()
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(registered_by=organization, **fields)
    _apply_identity(person, personnummer, protected_identity)
    _validate_person(person)
    person.save()
    if ref:
        set_participant_ref(user, person, organization=organization, ref=ref, _audit=False)
    record(user, AuditAction.CREATE, person, changes=diff({}, snapshot(person, PERSON_FIELDS)))
    return person


@transaction.atomic
def update_person(
    user: "Actor",
    person: Person,
    *,
    version: int | str,
    personnummer: str | None = None,
    protected_identity: bool | None = None,
    **fields: Any,
) -> Person:
    """Change a person's details; ``version`` is the one the form was opened with."""
    require(user, CHANGE, person)
    before = snapshot(person, PERSON_FIELDS + ("personnummer", "protected_identity"))
    for name, value in fields.items():
        if name not in PERSON_FIELDS:
            raise TypeError(f"Unknown person field: {name}")
        setattr(person, name, value)
    if personnummer is not None or protected_identity is not None:
        protected = person.protected_identity if protected_identity is None else protected_identity
        number = person.personnummer if personnummer is None else personnummer
        if protected and not number and person.birth_date:
            # Becoming protected: the number is dropped, the birth date kept.
            person.personnummer = None
            person.protected_identity = True
        else:
            _apply_identity(person, number, protected)
    _validate_person(person)
    after = snapshot(person, PERSON_FIELDS + ("personnummer", "protected_identity"))
    changes = diff(before, after)
    if person.protected_identity:
        # Never write a number into the log for a protected identity.
        changes.pop("personnummer", None)
        if "protected_identity" in changes:
            changes["personnummer"] = ["***", None]
    save_versioned(person, version, list(after))
    if {"birth_date", "birth_year"} & changes.keys():
        refresh_ages(person.enrollments.all())
    record(user, AuditAction.UPDATE, person, changes=changes)
    return person


@transaction.atomic
def set_participant_ref(
    user: "Actor", person: Person, *, organization: Organization, ref: str | None, _audit: bool = True
) -> ParticipantRef:
    """Give ``person`` the reference ``ref`` in ``organization`` (the exchange format's participant_ref)."""
    ref = (ref or "").strip()
    if not ref:
        raise ActionError({"ref": [_("Referensen får inte vara tom.")]})
    existing = ParticipantRef.objects.filter(organization=organization, ref=ref).first()
    if existing:
        if existing.person_id != person.pk:
            raise ActionError(
                {
                    "ref": [
                        _("Referensen %(ref)s används redan för en annan deltagare i %(org)s.")
                        % {"ref": ref, "org": organization}
                    ]
                }
            )
        return existing
    obj = ParticipantRef.objects.create(person=person, organization=organization, ref=ref)
    if _audit:
        record(user, AuditAction.UPDATE, person, changes={"ref": [None, f"{organization.code}:{ref}"]})
    return obj


def _validate_enrollment(enrollment: Enrollment) -> None:
    errors: dict[str, list[StrOrPromise]] = {}
    for name, message in rules.status_errors(enrollment):
        errors.setdefault(name, []).append(message)
    project = enrollment.project
    found: list[tuple[str, StrOrPromise | None]] = [
        ("start_date", rules.project_period_error(project, enrollment.start_date))
    ]
    if enrollment.end_date:
        found += [
            ("end_date", rules.end_before_start_error(enrollment.start_date, enrollment.end_date)),
            ("exit_reason", rules.exit_reason_error(enrollment.exit_reason)),
        ]
    elif enrollment.exit_reason:
        found.append(("end_date", _("Ange slutdatum när avslutsorsak är angiven.")))
    if enrollment.need_group_id:
        found.append(("need_group", rules.need_group_error(enrollment.need_group, project)))
    if enrollment.organization_id:
        in_project = (
            project.organizations().filter(pk=enrollment.organization_id).values_list("pk", flat=True)
        )
        found.append(("organization", rules.organization_error(enrollment.organization_id, in_project)))
    for field, problem in found:
        if problem:
            errors[field] = [problem]
    if enrollment.start_date:
        overlapping = Enrollment.objects.filter(person_id=enrollment.person_id, project=project).exclude(
            pk=enrollment.pk
        )
        end = enrollment.end_date or datetime.date.max
        overlapping = overlapping.filter(start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=enrollment.start_date)
        )
        if overlapping.exists():
            errors["start_date"] = [rules.overlap_message()]
    if errors:
        raise ActionError(errors)


@transaction.atomic
def enroll_participant(
    user: "Actor",
    person: Person,
    *,
    project: Project,
    organization: Organization,
    start_date: datetime.date,
    coordinator: "User | None" = None,
    voluntary_consent_method: str | None = None,
    **fields: Any,
) -> Enrollment:
    """Enrol a person in a project (inskrivning). A person may be enrolled again later.

    Voluntary ESF+ answers are taken only with ``voluntary_consent_method`` (how the person
    agreed to give them), which records that consent, dated the start, with the enrolment.
    """
    _check_may_enrol(user, project, organization)
    if user is not None and person.pk and not may(user, VIEW, person):
        raise NotAllowed()
    for name in fields:
        if name not in ENROLLMENT_FIELDS:
            raise TypeError(f"Unknown enrolment field: {name}")
    if fields.get("education_level_start") is None:
        # ESF+ asks for the level at entry: a snapshot, so later changes to the person do not move it.
        fields["education_level_start"] = person.education_level
    enrollment = Enrollment(
        person=person,
        project=project,
        organization=organization,
        start_date=start_date,
        coordinator=coordinator,
        gender=person.gender,
        **fields,
    )
    _validate_enrollment(enrollment)
    _check_voluntary(enrollment, fields, voluntary_consent_method)
    enrollment.save()
    # False (as loaded) means an earlier enrolment, which is never removed: nothing to write then.
    if person.not_yet_enrolled:
        mark_enrolled([person.pk])
        person.not_yet_enrolled = False
    if voluntary_consent_method and voluntary_consent.answered(fields):
        voluntary_consent.record(
            user, enrollment, min(start_date, datetime.date.today()), voluntary_consent_method
        )
    if coordinator is not None:
        CoordinatorAssignment.objects.create(
            enrollment=enrollment,
            coordinator=coordinator,
            from_date=start_date,
            assigned_by=acting_user(user),
        )
    record(
        user,
        AuditAction.CREATE,
        enrollment,
        person=person,
        changes=diff(
            {},
            {
                **snapshot(enrollment, ENROLLMENT_FIELDS),
                "project": project.code,
                "organization": organization.code,
                "coordinator": coordinator,
            },
        ),
    )
    return enrollment


# Exit details that may be corrected after the exit (a certificate often arrives later).
CORRECTABLE_EXIT_FIELDS = ("gained_qualification",)


@transaction.atomic
def update_enrollment(
    user: "Actor",
    enrollment: Enrollment,
    *,
    version: int | str,
    voluntary_consent_method: str | None = None,
    **fields: Any,
) -> Enrollment:
    """Correct an enrolment's details (not the exit itself: see :func:`register_exit`).

    New voluntary ESF+ answers need the person's consent: one in force, or
    ``voluntary_consent_method`` to record it now.
    """
    require(user, CHANGE, enrollment)
    editable = ENROLLMENT_FIELDS + CORRECTABLE_EXIT_FIELDS
    before = snapshot(enrollment, editable)
    for name, value in fields.items():
        if name not in editable:
            raise TypeError(f"Unknown enrolment field: {name}")
        setattr(enrollment, name, value)
    new_answers = {name: fields[name] for name in fields if fields[name] != before.get(name)}
    _validate_enrollment(enrollment)
    _check_voluntary(enrollment, new_answers, voluntary_consent_method)
    after = snapshot(enrollment, editable)
    enrollment.age_at_start = enrollment.person.age_on(enrollment.start_date)
    save_versioned(enrollment, version, [*after, "age_at_start"])
    record(user, AuditAction.UPDATE, enrollment, person=enrollment.person, changes=diff(before, after))
    if (
        voluntary_consent_method
        and voluntary_consent.answered(new_answers)
        and not voluntary_consent.in_force(enrollment)
    ):
        voluntary_consent.record(user, enrollment, datetime.date.today(), voluntary_consent_method)
    return enrollment


def _check_voluntary(enrollment: Enrollment, given: dict[str, Any], method: str | None) -> None:
    """Voluntary answers only with consent; a citizenship decides "third-country national"."""
    for name in ESF_COUNTRY_FIELDS:
        code = str(getattr(enrollment, name) or "")
        if code and code not in django_countries:
            raise ActionError(
                {
                    name: [
                        _("%(field)s: %(code)s är ingen landskod (ISO 3166).")
                        % {"field": field_label(name), "code": code}
                    ]
                }
            )
    if enrollment.citizenship and enrollment.third_country_national is None:
        enrollment.third_country_national = str(enrollment.citizenship) not in EU_EEA_CH
    elif enrollment.citizenship and enrollment.third_country_national != (
        str(enrollment.citizenship) not in EU_EEA_CH
    ):
        raise ActionError(
            {
                "third_country_national": [
                    _("Svaret stämmer inte med medborgarskapet. Rätta det ena eller det andra.")
                ]
            }
        )
    if voluntary_consent.answered(given) and not method and not voluntary_consent.in_force(enrollment):
        raise ActionError(
            {
                "voluntary_consent": [
                    _(
                        "De frivilliga uppgifterna sparas bara om deltagaren har samtyckt till att lämna dem. "
                        "Kryssa i att deltagaren har samtyckt och hur, eller lämna uppgifterna obesvarade."
                    )
                ]
            }
        )


@transaction.atomic
def clear_voluntary_answers(user: "Actor", enrollment: Enrollment) -> Enrollment:
    """Remove the voluntary ESF+ answers (the person withdrew the consent to them); audited."""
    before = snapshot(enrollment, ESF_CONSENT_FIELDS)
    for name in ESF_CONSENT_FIELDS:
        setattr(enrollment, name, "" if name in ("country_of_birth", "citizenship") else None)
    changes = diff(before, snapshot(enrollment, ESF_CONSENT_FIELDS))
    if changes:
        enrollment.version += 1
        enrollment.save(update_fields=[*ESF_CONSENT_FIELDS, "version"])
        record(
            user,
            AuditAction.UPDATE,
            enrollment,
            person=enrollment.person,
            changes=changes,
            detail="samtycke återkallat",
        )
    return enrollment


@transaction.atomic
def change_coordinator(
    user: "Actor",
    enrollment: Enrollment,
    *,
    coordinator: "User | None",
    version: int | str,
    from_date: datetime.date | None = None,
) -> Enrollment:
    """Hand the enrolment to another coordinator; the history is kept for continuity figures."""
    require(user, CHANGE, enrollment)
    from_date = from_date or datetime.date.today()
    message = rules.coordinator_from_date_error(from_date, enrollment.start_date)
    if message:
        raise ActionError({"from_date": [message]})
    if coordinator is not None:
        if not works_on(coordinator, enrollment.project_id, enrollment.organization_id):
            raise ActionError(
                {
                    "coordinator": [
                        _("Den valda personen arbetar inte med projektet i den här organisationen.")
                    ]
                }
            )
    before = enrollment.coordinator
    enrollment.coordinator = coordinator
    save_versioned(enrollment, version, ["coordinator"])
    CoordinatorAssignment.objects.create(
        enrollment=enrollment,
        coordinator=coordinator,
        from_date=from_date,
        assigned_by=acting_user(user),
    )
    record(
        user,
        AuditAction.UPDATE,
        enrollment,
        person=enrollment.person,
        changes={"coordinator": [getattr(before, "pk", None), getattr(coordinator, "pk", None)]},
    )
    return enrollment


def _apply_exit(
    enrollment: Enrollment,
    *,
    end_date: datetime.date | None,
    exit_reason: str | None,
    project_exit_reason: ProjectExitReason | None,
    next_actor: str | None,
    other_outcomes: Iterable[str],
    status: dict[str, Any],
) -> list[str]:
    """Set the exit on ``enrollment`` (unsaved) and return its other outcomes, checked.

    A project's own reason decides the standard reason (the one every figure counts); one no
    longer in use may be kept by a correction but not chosen anew.
    """
    errors: dict[str, list[StrOrPromise]] = {}
    message = rules.exit_date_error(end_date)
    if message:
        errors["end_date"] = [message]
    if project_exit_reason is not None:
        if project_exit_reason.project_id != enrollment.project_id:
            errors["exit_reason"] = [_("Avslutsorsaken hör till ett annat projekt.")]
        elif not project_exit_reason.active and project_exit_reason.pk != enrollment.project_exit_reason_id:
            errors["exit_reason"] = [
                _("Avslutsorsaken %(label)s används inte längre i projektet.")
                % {"label": project_exit_reason}
            ]
        exit_reason = project_exit_reason.standard_reason
    outcomes = sorted(set(other_outcomes))
    for field, problem in (
        ("other_outcomes", rules.other_outcomes_error(exit_reason, outcomes)),
        ("next_actor", rules.next_actor_error(next_actor)),
    ):
        if problem:
            errors[field] = [problem]
    if errors:
        raise ActionError(errors)
    enrollment.end_date = end_date
    enrollment.exit_reason = exit_reason or ""
    enrollment.project_exit_reason = project_exit_reason
    enrollment.next_actor = next_actor or ""
    for name in EXIT_STATUS_FIELDS:
        setattr(enrollment, name, status.get(name))
    enrollment.income_source_exit = enrollment.income_source_exit or ""
    enrollment.occupation_exit = enrollment.occupation_exit or ""
    _validate_enrollment(enrollment)
    return outcomes


def exit_snapshot(enrollment: Enrollment, outcomes: list[str]) -> dict[str, Any]:
    """The exit as its audit entry records it: the fields, the project's own reason and the other outcomes."""
    values = snapshot(enrollment, EXIT_FIELDS)
    values["project_exit_reason"] = getattr(enrollment.project_exit_reason, "code", None)
    values["other_outcomes"] = outcomes
    return values


def _save_exit(
    user: "Actor",
    enrollment: Enrollment,
    version: int | str,
    before: dict[str, Any],
    outcomes: list[str],
    detail: str,
) -> None:
    save_versioned(enrollment, version, [*EXIT_FIELDS, "project_exit_reason"])
    enrollment.other_outcomes.exclude(outcome__in=outcomes).delete()
    ExitOutcome.objects.bulk_create(
        [ExitOutcome(enrollment=enrollment, outcome=o) for o in outcomes], ignore_conflicts=True
    )
    record(
        user,
        AuditAction.UPDATE,
        enrollment,
        person=enrollment.person,
        changes=diff(before, exit_snapshot(enrollment, outcomes)),
        detail=detail,
    )


def _write_exit(
    user: "Actor",
    enrollment: Enrollment,
    version: int | str,
    before_outcomes: list[str],
    detail: str,
    **exit: Any,
) -> Enrollment:
    """Set, check, save and audit an exit: what registering and correcting one share."""
    before = exit_snapshot(enrollment, before_outcomes)
    outcomes = _apply_exit(enrollment, **exit)
    _save_exit(user, enrollment, version, before, outcomes, detail)
    return enrollment


@transaction.atomic
def register_exit(
    user: "Actor",
    enrollment: Enrollment,
    *,
    version: int | str,
    end_date: datetime.date | None,
    exit_reason: str | None,
    project_exit_reason: ProjectExitReason | None = None,
    next_actor: str | None = "",
    other_outcomes: Iterable[str] = (),
    **status: Any,
) -> Enrollment:
    """End an enrolment (avslut) with the reason, who takes over and the person's status at exit.

    ``status`` holds the SUS/ESF+ fields at exit (:data:`EXIT_STATUS_FIELDS`). The reason
    ``felregistrering`` ends an enrolment that should never have been made: it is kept, and
    left out of every figure.
    """
    require(user, CHANGE, enrollment)
    _check_status_keys(status)
    if enrollment.end_date is not None:
        raise ActionError({"end_date": [_("Inskrivningen är redan avslutad.")]})
    return _write_exit(
        user,
        enrollment,
        version,
        [],
        "avslut",
        end_date=end_date,
        exit_reason=exit_reason,
        project_exit_reason=project_exit_reason,
        next_actor=next_actor,
        other_outcomes=other_outcomes,
        status=status,
    )


@transaction.atomic
def correct_exit(
    user: "Actor",
    enrollment: Enrollment,
    *,
    version: int | str,
    end_date: datetime.date | None,
    exit_reason: str | None,
    project_exit_reason: ProjectExitReason | None = None,
    next_actor: str | None = "",
    other_outcomes: Iterable[str] = (),
    **status: Any,
) -> Enrollment:
    """Correct the exit of an ended enrolment: its date, reason, outcomes or status at exit.

    The status at exit often arrives after the exit, and an enrolment found to be registered in
    error is corrected to ``felregistrering`` here; the audit log keeps what it was before.
    """
    require(user, CHANGE, enrollment)
    _check_status_keys(status)
    if enrollment.end_date is None:
        raise ActionError({"end_date": [_("Inskrivningen är inte avslutad.")]})
    return _write_exit(
        user,
        enrollment,
        version,
        sorted(enrollment.other_outcomes.values_list("outcome", flat=True)),
        "rättat avslut",
        end_date=end_date,
        exit_reason=exit_reason,
        project_exit_reason=project_exit_reason,
        next_actor=next_actor,
        other_outcomes=other_outcomes,
        status=status,
    )


def _check_status_keys(status: dict[str, Any]) -> None:
    unknown = set(status) - set(EXIT_STATUS_FIELDS)
    if unknown:
        raise TypeError(f"Unknown exit fields: {sorted(unknown)}")


@transaction.atomic
def merge_persons(user: "Actor", keep: Person, *, duplicate: Person) -> Person:
    """Merge ``duplicate`` into ``keep``: enrolments and references move, the duplicate is kept only as history.

    Used when the same individual was registered twice (e.g. once anonymously, once with a
    personnummer). Missing details on ``keep`` are filled from ``duplicate``.
    """
    if keep.pk == duplicate.pk:
        raise ActionError({"duplicate": [_("Välj två olika deltagare.")]})
    require(user, CHANGE, keep)
    require(user, CHANGE, duplicate)
    if duplicate.merged_into_id:
        raise ActionError({"duplicate": [_("Den deltagaren är redan sammanslagen med en annan.")]})
    if keep.personnummer and duplicate.personnummer and keep.personnummer != duplicate.personnummer:
        raise ActionError(
            {"duplicate": [_("Deltagarna har olika personnummer och kan inte vara samma person.")]}
        )
    if keep.gender != duplicate.gender and "X" not in (keep.gender, duplicate.gender):
        raise ActionError({"duplicate": [_("Deltagarna har olika kön registrerat. Rätta uppgiften först.")]})
    filled: dict[str, list[Any]] = {}
    for name in PERSON_FIELDS:
        if getattr(keep, name) in ("", None) and getattr(duplicate, name) not in ("", None):
            filled[name] = [None, getattr(duplicate, name)]
            setattr(keep, name, getattr(duplicate, name))
    number = duplicate.personnummer
    moved_enrollments = list(duplicate.enrollments.values_list("pk", flat=True))
    moved_refs = list(duplicate.refs.values_list("pk", flat=True))
    duplicate.enrollments.update(person=keep)
    duplicate.refs.update(person=keep)
    if moved_enrollments:
        keep.not_yet_enrolled = False  # written by keep.save() below, in this transaction
    duplicate.merged_into = keep
    duplicate.personnummer = None
    duplicate.not_yet_enrolled = True  # its enrolments are gone: False would hide it from intake
    duplicate.save(update_fields=["merged_into", "personnummer", "not_yet_enrolled", "updated_at"])
    if number and not keep.personnummer and not keep.protected_identity:
        keep.personnummer = number
        filled["personnummer"] = ["", "(från sammanslagen post)"]
    if duplicate.protected_identity and not keep.protected_identity:
        keep.protected_identity = True
        keep.personnummer = None
        filled["protected_identity"] = [False, True]
    keep.version += 1
    keep.save()
    refresh_ages(keep.enrollments.all())  # the moved ones, and all if the birth date was filled in
    record(
        user,
        AuditAction.MERGE,
        keep,
        changes={
            **filled,
            "merged_from": [None, duplicate.pk],
            "enrollments": [None, moved_enrollments],
            "refs": [None, moved_refs],
        },
    )
    record(user, AuditAction.MERGE, duplicate, changes={"merged_into": [None, keep.pk]})
    return keep


@transaction.atomic
def add_project_partner(user: "Actor", project: Project, *, organization: Organization) -> bool:
    """Let ``organization`` take part in (and enrol people into) ``project``."""
    require(user, CHANGE, project)
    if organization.pk == project.owner_id or project.partners.filter(pk=organization.pk).exists():
        return False
    project.partners.add(organization)
    record(user, AuditAction.UPDATE, project, changes={"partners": [None, organization.code]})
    return True


def need_group_named(project: Project, name: str | None) -> NeedGroup | None:
    """The project's need group of that name, created on first use."""
    name = (name or "").strip()
    if not name:
        return None
    group, _created = NeedGroup.objects.get_or_create(project=project, name=name)
    return group
