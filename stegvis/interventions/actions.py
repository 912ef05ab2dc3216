"""Every write of interventions, placements and the catalogue: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by the field they concern,
so the form shows each at its field; a stale edit raises :class:`~stegvis.core.errors.ConflictError`.
Catalogue entries are changed by those who may change the project (administrators and project
leaders); a participant's interventions by those who may change the enrolment.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, record_change, snapshot
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError
from stegvis.interventions.models import (
    PLACEMENT_KINDS,
    Category,
    IntegrationSupport,
    Intervention,
    Kind,
    Outcome,
    ParticipantIntervention,
    Placement,
    PlacementFollowUp,
    WorkplaceType,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from stegvis.core.access import Actor

# A planned end date may be set, but not further ahead than this.
PLANNED_AHEAD = datetime.timedelta(days=366)

CATALOGUE_FIELDS = (
    "name",
    "category",
    "kind",
    "organization",
    "provider_organization",
    "provider_name",
    "description",
    "active",
    "integration_support",
)
PARTICIPATION_FIELDS = ("intervention", "start_date", "end_date", "note")
PLACEMENT_FIELDS = (
    "workplace_name",
    "workplace_type",
    "supervisor_name",
    "supervisor_phone",
    "supervisor_email",
    "outcome",
)
# What a placement's action takes and its audit entries record: the fields above and the link to
# the employer register (kept apart so the register extract lists the fields the person knows).
PLACEMENT_ACTION_FIELDS = (*PLACEMENT_FIELDS, "employer")


def _apply(obj: "Model", fields: dict[str, Any], allowed: Iterable[str]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"Unknown field: {name}")
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ActionError(errors)


# --- The catalogue -------------------------------------------------------------------------------


def _validate_intervention(entry: Intervention) -> None:
    errors: dict[str, list[str]] = {}
    if not entry.name:
        errors["name"] = [_("Ange insatsens namn.")]
    if entry.category not in Category.values:
        errors["category"] = [_("Välj en kategori.")]
    if entry.kind not in Kind.values:
        errors["kind"] = [_("Välj typ av insats.")]
    if entry.integration_support and entry.integration_support not in IntegrationSupport.values:
        errors["integration_support"] = [_("Integrationsstöd: välj ett av alternativen eller inget.")]
    if not entry.provider_organization_id and not entry.provider_name:
        errors["provider_name"] = [_("Ange anordnare: välj en organisation eller skriv namnet.")]
    if entry.organization_id is not None:
        project = entry.project
        in_project = Organization.objects.filter(
            Q(pk=project.owner_id) | Q(partner_projects=project), pk=entry.organization_id
        ).exists()
        if not in_project:
            errors["organization"] = [_("Organisationen är inte med i projektet.")]
    _raise_if(errors)


def _name_taken(name: str) -> ActionError:
    return ActionError(
        {"name": [_("Det finns redan en insats som heter %(name)s i projektets katalog.") % {"name": name}]}
    )


def _save_unique(entry: Intervention, save: Callable[[], object]) -> None:
    """Save, turning a clash with another entry's name into a message at the name field."""
    if (
        Intervention.objects.filter(project_id=entry.project_id, name__iexact=entry.name)
        .exclude(pk=entry.pk)
        .exists()
    ):
        raise _name_taken(entry.name)
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        raise _name_taken(entry.name) from None


@transaction.atomic
def create_intervention(user: "Actor", project: Project, **fields: Any) -> Intervention:
    """Add an entry to ``project``'s catalogue."""
    require(user, CHANGE, project)
    entry = Intervention(project=project)
    _apply(entry, fields, CATALOGUE_FIELDS)
    _validate_intervention(entry)
    _save_unique(entry, entry.save)
    record(user, AuditAction.CREATE, entry, changes=diff({}, snapshot(entry, CATALOGUE_FIELDS)))
    return entry


@transaction.atomic
def update_intervention(
    user: "Actor", entry: Intervention, *, version: int | str, **fields: Any
) -> Intervention:
    """Change a catalogue entry (or retire it with ``active=False``: it stays on the timelines)."""
    require(user, CHANGE, entry.project)
    before = snapshot(entry, CATALOGUE_FIELDS)
    _apply(entry, fields, CATALOGUE_FIELDS)
    _validate_intervention(entry)
    if (
        entry.kind not in PLACEMENT_KINDS
        and Placement.objects.filter(participation__intervention=entry).exists()
    ):
        raise ActionError(
            {
                "kind": [
                    _("Insatsen har praktikplatser registrerade och måste vara praktik eller arbetsträning.")
                ]
            }
        )
    _save_unique(entry, lambda: save_versioned(entry, version, list(CATALOGUE_FIELDS)))
    record(user, AuditAction.UPDATE, entry, changes=diff(before, snapshot(entry, CATALOGUE_FIELDS)))
    return entry


# --- A participant's interventions ---------------------------------------------------------------


def available_interventions(enrollment: Enrollment) -> "QuerySet[Intervention]":
    """The catalogue entries an enrolment may use: its project's, for all or for its organisation."""
    return Intervention.objects.filter(
        Q(organization__isnull=True) | Q(organization_id=enrollment.organization_id),
        project_id=enrollment.project_id,
    )


def _validate_participation(
    enrollment: Enrollment,
    participation: ParticipantIntervention,
    *,
    new: bool,
    today: datetime.date | None = None,
) -> None:
    """All field errors at once, so the form shows every problem in one round."""
    today = today or datetime.date.today()
    errors: dict[str, list[str]] = {}
    entry = participation.intervention if participation.intervention_id else None
    if entry is None:
        errors["intervention"] = [_("Välj en insats ur katalogen.")]
    elif not available_interventions(enrollment).filter(pk=entry.pk).exists():
        errors["intervention"] = [_("Insatsen finns inte i katalogen för den här inskrivningen.")]
    elif new and not entry.active:
        errors["intervention"] = [_("Insatsen används inte längre. Välj en aktiv insats.")]
    elif not new and entry.kind not in PLACEMENT_KINDS and hasattr(participation, "placement"):
        errors["intervention"] = [
            _("Det finns en praktikplats registrerad; insatsen måste vara praktik eller arbetsträning.")
        ]
    start, end = participation.start_date, participation.end_date
    if start is None:
        errors["start_date"] = [_("Ange startdatum.")]
    elif start < enrollment.start_date:
        errors["start_date"] = [
            _("Startdatum kan inte vara före inskrivningens start (%(date)s).")
            % {"date": enrollment.start_date}
        ]
    elif enrollment.end_date is not None and start > enrollment.end_date:
        errors["start_date"] = [
            _("Startdatum kan inte vara efter inskrivningens avslut (%(date)s).")
            % {"date": enrollment.end_date}
        ]
    elif start > today + PLANNED_AHEAD:
        errors["start_date"] = [_("Startdatum kan ligga högst ett år framåt i tiden.")]
    if end is not None:
        if start is not None and end < start:
            errors["end_date"] = [_("Slutdatum kan inte vara före startdatum.")]
        elif end > today + PLANNED_AHEAD:
            errors["end_date"] = [
                _("Slutdatum kan ligga högst ett år framåt i tiden. Lämna tomt om insatsen pågår.")
            ]
    _raise_if(errors)


@transaction.atomic
def add_participant_intervention(
    user: "Actor",
    enrollment: Enrollment,
    *,
    intervention: Intervention | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    note: str | None = "",
) -> ParticipantIntervention:
    """Register that the participant takes part in ``intervention`` from ``start_date``."""
    require(user, CHANGE, enrollment)
    participation = ParticipantIntervention(  # type: ignore[misc]  # a missing date is reported by _validate_participation
        enrollment=enrollment,
        intervention=intervention,
        start_date=start_date,
        end_date=end_date,
        note=(note or "").strip(),
        recorded_by=acting_user(user),
    )
    _validate_participation(enrollment, participation, new=True)
    participation.save()
    record_change(user, AuditAction.CREATE, participation, PARTICIPATION_FIELDS, person=enrollment.person)
    return participation


@transaction.atomic
def update_participant_intervention(
    user: "Actor", participation: ParticipantIntervention, *, version: int | str, **fields: Any
) -> ParticipantIntervention:
    """Correct dates or note, or end the intervention by giving ``end_date``."""
    enrollment = participation.enrollment
    require(user, CHANGE, enrollment)
    before = snapshot(participation, PARTICIPATION_FIELDS)
    _apply(participation, fields, PARTICIPATION_FIELDS)
    _validate_participation(enrollment, participation, new=False)
    save_versioned(participation, version, list(PARTICIPATION_FIELDS))
    record_change(
        user, AuditAction.UPDATE, participation, PARTICIPATION_FIELDS, before=before, person=enrollment.person
    )
    return participation


# --- Placements ------------------------------------------------------------------------------------


def _validate_placement(placement: Placement) -> None:
    errors: dict[str, list[str]] = {}
    if placement.participation.intervention.kind not in PLACEMENT_KINDS:
        raise ActionError(_("Arbetsplats registreras bara för praktik och arbetsträning."))
    employer = placement.employer
    if employer is not None:
        if employer.organization_id != placement.participation.enrollment.organization_id:
            errors["employer"] = [_("Arbetsgivaren finns inte i den inskrivande organisationens register.")]
        elif not placement.workplace_name:
            placement.workplace_name = employer.name
    if not placement.workplace_name:
        errors["workplace_name"] = [_("Ange arbetsplatsens namn.")]
    if placement.workplace_type not in WorkplaceType.values:
        errors["workplace_type"] = [_("Välj typ av arbetsplats.")]
    if placement.outcome not in Outcome.values:
        errors["outcome"] = [_("Välj utfall.")]
    if placement.supervisor_email:
        try:
            validate_email(placement.supervisor_email)
        except ValidationError:
            errors["supervisor_email"] = [_("Ange en giltig e-postadress till handledaren.")]
    _raise_if(errors)


@transaction.atomic
def add_placement(user: "Actor", participation: ParticipantIntervention, **fields: Any) -> Placement:
    """Give a praktik or arbetsträning its workplace, supervisor and (so far ongoing) outcome."""
    enrollment = participation.enrollment
    require(user, CHANGE, enrollment)
    if Placement.objects.filter(participation=participation).exists():
        raise ActionError(_("Insatsen har redan en arbetsplats. Ändra den i stället."))
    placement = Placement(participation=participation, outcome=Outcome.PAGAR)
    _apply(placement, fields, PLACEMENT_ACTION_FIELDS)
    _validate_placement(placement)
    placement.save()
    record_change(user, AuditAction.CREATE, placement, PLACEMENT_ACTION_FIELDS, person=enrollment.person)
    return placement


@transaction.atomic
def update_placement(user: "Actor", placement: Placement, *, version: int | str, **fields: Any) -> Placement:
    """Change the workplace details or record the outcome."""
    enrollment = placement.participation.enrollment
    require(user, CHANGE, enrollment)
    before = snapshot(placement, PLACEMENT_ACTION_FIELDS)
    _apply(placement, fields, PLACEMENT_ACTION_FIELDS)
    _validate_placement(placement)
    save_versioned(placement, version, list(PLACEMENT_ACTION_FIELDS))
    record_change(
        user, AuditAction.UPDATE, placement, PLACEMENT_ACTION_FIELDS, before=before, person=enrollment.person
    )
    return placement


@transaction.atomic
def add_placement_follow_up(
    user: "Actor",
    placement: Placement,
    *,
    date: datetime.date | None,
    note: str | None,
    today: datetime.date | None = None,
) -> PlacementFollowUp:
    """Record a follow-up with the participant and supervisor. Follow-ups are kept, never edited."""
    participation = placement.participation
    enrollment = participation.enrollment
    require(user, CHANGE, enrollment)
    today = today or datetime.date.today()
    note = (note or "").strip()
    errors: dict[str, list[str]] = {}
    if date is None:
        errors["date"] = [_("Ange datum för uppföljningen.")]
    elif date > today:
        errors["date"] = [_("Datum kan inte vara i framtiden.")]
    elif date < participation.start_date:
        errors["date"] = [
            _("Datum kan inte vara före praktikens start (%(date)s).") % {"date": participation.start_date}
        ]
    if not note:
        errors["note"] = [_("Skriv en kort anteckning om uppföljningen.")]
    _raise_if(errors)
    follow_up = PlacementFollowUp.objects.create(  # type: ignore[misc]  # None is refused above
        placement=placement,
        date=date,
        note=note,
        recorded_by=acting_user(user),
    )
    record(
        user,
        AuditAction.CREATE,
        follow_up,
        person=enrollment.person,
        changes=diff({}, {"date": date, "note": note}),
    )
    return follow_up
