"""Every write of casework: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by the field they concern;
a stale edit raises :class:`~stegvis.core.errors.ConflictError` and writes nothing.
"""

import datetime
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, record_change, snapshot
from stegvis.casework.areas import project_areas
from stegvis.casework.models import (
    OPEN_STEP_STATUSES,
    Direction,
    GoalStatus,
    Horizon,
    LifeArea,
    Mapping,
    MappingEntry,
    PlanGoal,
    PlanStep,
    ProjectCasework,
    StepOwner,
    StepStatus,
)
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, ConflictError
from stegvis.core.models import VersionedModel
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_TEXT = 4000
ENTRY_FIELDS = ("own_words", "strengths", "obstacles", "recorded_on")
GOAL_FIELDS = ("horizon", "direction", "text", "status", "order")
STEP_FIELDS = ("what", "owner", "owner_name", "due_date", "status")
#: The audit entry's detail when the participant marked their own step done (staff read it in Swedish).
PARTICIPANT_MARKED_DONE = "Markerat klart av deltagaren på Min sida"

_Editable = TypeVar("_Editable", bound=VersionedModel)


class _Errors(dict[str | None, list[str]]):
    """Collects every field error, so the form shows all problems in one round."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field, []).append(message)

    def text(
        self,
        obj: VersionedModel,
        field: str,
        label: str,
        *,
        required: bool = False,
        max_length: int = MAX_TEXT,
    ) -> None:
        value = (getattr(obj, field) or "").strip()
        setattr(obj, field, value)
        if required and not value:
            self.add(field, _("%(label)s: fältet måste fyllas i.") % {"label": label})
        elif len(value) > max_length:
            self.add(field, _("%(label)s: högst %(n)s tecken.") % {"label": label, "n": max_length})

    def choice(
        self, obj: VersionedModel, field: str, choices: type[models.TextChoices], message: str
    ) -> None:
        if getattr(obj, field) not in choices.values:
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self:
            raise ActionError(dict(self))  # type: ignore[arg-type]  # None: the form shows it above the fields


# --- Project settings ----------------------------------------------------------------------------


@transaction.atomic
def save_project_areas(
    user: "Actor",
    project: Project,
    *,
    areas: Iterable[LifeArea | int | str],
    version: int | str | None = None,
) -> ProjectCasework:
    """Choose the areas of the life situation the project's mappings use.

    ``version`` is the settings' version the form showed (``None`` when the project had not chosen
    yet). Entries already recorded in an area that is no longer chosen are kept and still shown.
    """
    require(user, CHANGE, project, _("Bara projektledare och administratörer kan välja projektets områden."))
    area_ids = sorted({area.pk if isinstance(area, LifeArea) else int(area) for area in areas})
    if not area_ids:
        raise ActionError({"areas": [_("Områden: välj minst ett område.")]})
    if LifeArea.objects.filter(pk__in=area_ids, is_active=True).count() != len(area_ids):
        raise ActionError({"areas": [_("Områden: välj bland områdena som är i bruk.")]})
    settings = ProjectCasework.objects.select_for_update().filter(project=project).first()
    if settings is None:
        if version not in (None, "", 0):
            raise ConflictError()
        try:
            with transaction.atomic():
                settings = ProjectCasework.objects.create(project=project)
        except IntegrityError:
            raise ConflictError() from None
        before = ""
        action = AuditAction.CREATE
    else:
        if version in (None, "") or str(settings.version) != str(version):
            raise ConflictError()
        before = ", ".join(settings.areas.order_by("order", "code").values_list("code", flat=True))
        save_versioned(settings, version, [])
        action = AuditAction.UPDATE
    settings.areas.set(area_ids)
    after = ", ".join(
        LifeArea.objects.filter(pk__in=area_ids).order_by("order", "code").values_list("code", flat=True)
    )
    record(user, action, settings, changes=diff({"areas": before or None}, {"areas": after}))
    return settings


# --- Mapping -------------------------------------------------------------------------------------


def _validate_entry(enrollment: Enrollment, entry: MappingEntry, *, new: bool) -> None:
    errors = _Errors()
    for field, label in (
        ("own_words", _("Med deltagarens egna ord")),
        ("strengths", _("Styrkor")),
        ("obstacles", _("Hinder")),
    ):
        errors.text(entry, field, label)
    if not (entry.own_words or entry.strengths or entry.obstacles):
        errors.add("own_words", _("Fyll i minst ett av fälten: egna ord, styrkor eller hinder."))
    if entry.recorded_on is None:
        errors.add("recorded_on", _("Datum: ange dagen då området kartlades."))
    elif entry.recorded_on > datetime.date.today():
        errors.add("recorded_on", _("Datum: kan inte vara i framtiden."))
    if new and entry.area_id not in {area.pk for area in project_areas(enrollment.project)}:
        errors.add(None, _("Området används inte i projektets kartläggning."))
    errors.raise_if_any()


@transaction.atomic
def save_mapping_entry(
    user: "Actor",
    enrollment: Enrollment,
    *,
    area: LifeArea,
    own_words: str = "",
    strengths: str = "",
    obstacles: str = "",
    recorded_on: datetime.date | None = None,
    version: int | str | None = None,
) -> MappingEntry:
    """Record (or correct) what the mapping found in one area of ``enrollment``'s life situation.

    ``version`` is the entry's version the form was opened with; ``None`` when the area had not
    been mapped. If someone saved the area in the meantime, that is a conflict.
    """
    require(user, CHANGE, enrollment)
    mapping, _created = Mapping.objects.get_or_create(enrollment=enrollment)
    found = MappingEntry.objects.filter(mapping=mapping, area=area).first()
    expected: int | str | None = None  # the version to save over; None: a new entry
    if found is None:
        if version not in (None, "", 0):
            raise ConflictError()
        entry = MappingEntry(mapping=mapping, area=area)
        before: dict[str, Any] = {}
    else:
        if version is None or version == "":
            raise ConflictError()
        entry, expected = found, version
        before = snapshot(entry, ENTRY_FIELDS)
    new = expected is None
    entry.own_words, entry.strengths, entry.obstacles = own_words, strengths, obstacles
    entry.recorded_on = recorded_on  # type: ignore[assignment]  # a missing date is reported by _validate_entry
    entry.recorded_by = acting_user(user)
    _validate_entry(enrollment, entry, new=new)
    if expected is None:
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:  # someone else mapped the area a moment ago
            raise ConflictError() from None
        action = AuditAction.CREATE
    else:
        save_versioned(entry, expected, list(ENTRY_FIELDS) + ["recorded_by"])
        action = AuditAction.UPDATE
    changes = diff(before, snapshot(entry, ENTRY_FIELDS))
    record(user, action, entry, person=enrollment.person, changes=changes, detail=area.name)
    return entry


# --- Plan ----------------------------------------------------------------------------------------


def _validate_goal(goal: PlanGoal) -> None:
    errors = _Errors()
    errors.choice(goal, "horizon", Horizon, _("Sikt: välj kort eller lång sikt."))
    errors.choice(goal, "direction", Direction, _("Inriktning: välj mot arbete, mot studier eller annat."))
    errors.choice(goal, "status", GoalStatus, _("Status: välj pågår, uppnått eller avbrutet."))
    errors.text(goal, "text", _("Mål"), required=True, max_length=1000)
    if goal.order is None or not 0 <= int(goal.order) <= 999:
        errors.add("order", _("Ordning: ange ett heltal från 0 till 999."))
    errors.raise_if_any()


@transaction.atomic
def create_goal(
    user: "Actor",
    enrollment: Enrollment,
    *,
    horizon: str | None,
    direction: str | None,
    text: str,
    status: str | None = GoalStatus.PAGAR,
    order: int | None = 0,
) -> PlanGoal:
    """Add a goal to ``enrollment``'s plan."""
    require(user, CHANGE, enrollment)
    goal = PlanGoal(
        enrollment=enrollment,
        horizon=horizon or "",
        direction=direction or "",
        text=text,
        status=status or "",
        order=order if order is not None else 0,
        created_by=acting_user(user),
    )
    _validate_goal(goal)
    goal.save()
    record_change(user, AuditAction.CREATE, goal, GOAL_FIELDS, person=enrollment.person)
    return goal


def _update(
    user: "Actor",
    obj: _Editable,
    enrollment: Enrollment,
    version: int | str,
    fields: dict[str, Any],
    allowed: tuple[str, ...],
    validate: Callable[[_Editable], None],
) -> _Editable:
    """Apply ``fields`` to ``obj``, validate, save if ``version`` is current and audit the change."""
    require(user, CHANGE, enrollment)
    before = snapshot(obj, allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"Unknown field: {name}")
        setattr(obj, name, value)
    validate(obj)
    save_versioned(obj, version, list(allowed))
    record(
        user, AuditAction.UPDATE, obj, person=enrollment.person, changes=diff(before, snapshot(obj, allowed))
    )
    return obj


@transaction.atomic
def update_goal(user: "Actor", goal: PlanGoal, *, version: int | str, **fields: Any) -> PlanGoal:
    """Change a goal's text, horizon, direction, status or order; ``version`` guards against overwriting."""
    return _update(user, goal, goal.enrollment, version, fields, GOAL_FIELDS, _validate_goal)


def _validate_step(step: PlanStep) -> None:
    errors = _Errors()
    errors.text(step, "what", _("Vad"), required=True, max_length=300)
    errors.choice(step, "owner", StepOwner, _("Vem: välj deltagaren, koordinatorn eller en annan aktör."))
    errors.choice(step, "status", StepStatus, _("Status: välj planerad, pågår, klar eller ställs in."))
    errors.text(step, "owner_name", _("Vilken aktör"), max_length=200)
    if step.owner == StepOwner.ANNAN and not step.owner_name:
        errors.add("owner_name", _("Vilken aktör: skriv vem som gör steget, t.ex. Arbetsförmedlingen."))
    elif step.owner in (StepOwner.DELTAGARE, StepOwner.KOORDINATOR):
        step.owner_name = ""
    errors.raise_if_any()


@transaction.atomic
def create_step(
    user: "Actor",
    goal: PlanGoal,
    *,
    what: str,
    owner: str | None,
    owner_name: str | None = "",
    due_date: datetime.date | None = None,
    status: str | None = StepStatus.PLANERAD,
) -> PlanStep:
    """Add a step towards ``goal``."""
    enrollment = goal.enrollment
    require(user, CHANGE, enrollment)
    step = PlanStep(
        goal=goal,
        what=what,
        owner=owner or "",
        owner_name=owner_name or "",
        due_date=due_date,
        status=status or "",
        created_by=acting_user(user),
    )
    _validate_step(step)
    step.save()
    record_change(user, AuditAction.CREATE, step, STEP_FIELDS, person=enrollment.person)
    return step


@transaction.atomic
def update_step(user: "Actor", step: PlanStep, *, version: int | str, **fields: Any) -> PlanStep:
    """Change a step (what, owner, due date, status); ``version`` guards against overwriting.

    A step the participant marked done keeps that mark only while staff leave it done.
    """
    step = _update(user, step, step.goal.enrollment, version, fields, STEP_FIELDS, _validate_step)
    if step.done_by_participant_at is not None and step.status != StepStatus.KLAR:
        step.done_by_participant_at = None
        PlanStep.objects.filter(pk=step.pk).update(done_by_participant_at=None)
    return step


@transaction.atomic
def mark_step_done_by_participant(
    step: PlanStep, *, version: int | str, now: datetime.datetime | None = None
) -> PlanStep:
    """The participant marks one of their own steps done (Min sida): the participant is the actor.

    No staff member acts, so there is no ``user``: the caller (the participant's own session in
    :mod:`stegvis.minsida`) has already found the step among the enrolments of that session. Here
    the step must be the participant's own (owner ``deltagare``) and still open (planned or under
    way); ``version`` is the one the page showed, so a step staff changed meanwhile is a conflict.
    The audit entry has no user and says the participant did it.
    """
    step = PlanStep.objects.select_for_update().select_related("goal__enrollment__person").get(pk=step.pk)
    if step.owner != StepOwner.DELTAGARE:
        raise ActionError(
            {"step": [_("Bara steg som deltagaren själv gör kan markeras klara av deltagaren.")]}
        )
    if step.status not in OPEN_STEP_STATUSES:
        raise ActionError({"step": [_("Steget är redan klart eller inställt.")]})
    before = snapshot(step, ("status",))
    step.status = StepStatus.KLAR
    step.done_by_participant_at = now or timezone.now()
    save_versioned(step, version, ["status", "done_by_participant_at"])
    record(
        None,
        AuditAction.UPDATE,
        step,
        person=step.goal.enrollment.person,
        changes=diff(before, snapshot(step, ("status",))),
        detail=PARTICIPANT_MARKED_DONE,
    )
    return step
