"""Every write to goals and the implementation plan: validate, write, audit, in one transaction.

Goals and plan steps are project data: administrators and the project's leaders change them
(``Project.objects.restrict(user, "change")``). ``user`` ``None`` is the command line or the
demo generator. Errors are :class:`~stegvis.core.errors.ActionError` keyed by the form's field
names, with Swedish messages naming the field; a stale ``version`` is a
:class:`~stegvis.core.errors.ConflictError`.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import transaction
from django.db.models import Field
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import CHANGE, may
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.goals.indicators import get_indicator
from stegvis.goals.models import Goal, ImplementationStep, Kind, Level, QualitativeStatus, StepStatus
from stegvis.goals.status import percent_text
from stegvis.organizations.models import Project

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

#: Field name → messages, as :class:`ActionError` takes them.
Errors = dict[str, list[Any]]
#: A goal's or step's fields by name, as the form gives them and as they are stored.
Values = dict[str, Any]
T = TypeVar("T")
M = TypeVar("M", Goal, ImplementationStep)

GOAL_FIELDS = (
    "level",
    "title",
    "description",
    "kind",
    "indicator",
    "parameters",
    "target",
    "target_max",
    "status",
    "evidence",
    "order",
    "archived",
)
STEP_FIELDS = ("what", "how", "who", "start_date", "end_date", "status", "note", "order")


def may_change(user: "Actor", project: Project) -> bool:
    """Administrators and the project's leaders; ``None`` (the command line) always."""
    return user is None or may(user, CHANGE, project)


def _check_project_change(user: "Actor", project: Project) -> None:
    if not may_change(user, project):
        raise NotAllowed(
            _("Bara projektledare och administratörer kan ändra projektets mål och genomförandeplan.")
        )


def _text(
    value: str | None,
    field: str,
    label: "StrOrPromise",
    max_length: int | None = None,
    required: bool = False,
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ActionError({field: [_("%(label)s: fältet måste fyllas i.") % {"label": label}]})
    if max_length and len(value) > max_length:
        raise ActionError({field: [_("%(label)s: högst %(n)s tecken.") % {"label": label, "n": max_length}]})
    return value


def _percent(value: Any, field: str, label: "StrOrPromise") -> Decimal | None:
    """A per-cent value 0–100 (a Decimal, number or text with a decimal comma), or ``None`` when empty."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", ".").rstrip("%").strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ActionError(
            {field: [_("%(label)s måste vara ett tal mellan 0 och 100 (procent).") % {"label": label}]}
        )
    return number.quantize(Decimal("0.01"))


def _order(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ActionError({"order": [_("Ordning: ange ett heltal, 0 eller större.")]})
    return number


def _clean_computed(values: Values, errors: Errors) -> None:
    indicator = get_indicator(values["indicator"])
    if indicator is None:
        errors["indicator"] = [_("Indikator: välj vad målet ska mätas med.")]
        return
    given = values["parameters"] or {}
    parameters: dict[str, str] = {}
    for parameter in indicator.parameters:
        value = str(given.get(parameter.name) or "").strip()
        if not value:
            errors[parameter.name] = [
                _("%(label)s: måste anges för indikatorn %(indicator)s.")
                % {"label": parameter.label, "indicator": indicator.label}
            ]
        elif parameter.choices and value not in {str(code) for code, _label in parameter.choices}:
            errors[parameter.name] = [_("%(label)s: välj ett av alternativen.") % {"label": parameter.label}]
        else:
            parameters[parameter.name] = value
    values["parameters"] = parameters
    for field, label in (("target", _("Målvärdet")), ("target_max", _("Övre gränsen"))):
        values[field] = _collect(errors, _percent, values[field], field, label)
    if "target" not in errors and values["target"] is None:
        errors["target"] = [_("Målvärde: ange målet i procent, ett tal mellan 0 och 100.")]
    if indicator.range_target:
        if "target_max" not in errors and values["target_max"] is None:
            errors["target_max"] = [
                _(
                    "Övre gräns: indikatorn %(indicator)s har ett intervall som mål, "
                    "ange också den övre gränsen (t.ex. 60)."
                )
                % {"indicator": indicator.label}
            ]
        elif not errors.keys() & {"target", "target_max"} and values["target"] >= values["target_max"]:
            errors["target_max"] = [
                _("Övre gräns: måste vara större än den nedre gränsen (%(low)s %%).")
                % {"low": percent_text(values["target"])}
            ]
    elif values["target_max"] is not None and "target_max" not in errors:
        errors["target_max"] = [
            _("Övre gräns: indikatorn %(indicator)s har ett målvärde, inte ett intervall. Lämna fältet tomt.")
            % {"indicator": indicator.label}
        ]
    values["status"] = ""


def _clean_goal(values: Values) -> Values:
    """Validate and normalise ``values`` (every field of :data:`GOAL_FIELDS`); all errors at once."""
    errors: Errors = {}
    if values["level"] not in Level.values:
        errors["level"] = [_("Nivå: välj deltagarnivå, organisationsnivå eller ledning och personal.")]
    values["title"] = _collect(
        errors, _text, values["title"], "title", _("Mål"), Goal._meta.get_field("title").max_length, True
    )
    values["description"] = (values["description"] or "").strip()
    values["evidence"] = (values["evidence"] or "").strip()
    values["archived"] = bool(values["archived"])
    values["order"] = _collect(errors, _order, values["order"])
    if values["kind"] == Kind.COMPUTED:
        _clean_computed(values, errors)
    elif values["kind"] == Kind.QUALITATIVE:
        values.update(indicator="", parameters={}, target=None, target_max=None)
        values["status"] = values["status"] or QualitativeStatus.EJ_PABORJAT
        if values["status"] not in QualitativeStatus.values:
            errors["status"] = [_("Status: välj ej påbörjat, pågår, uppnått eller ej uppnått.")]
    else:
        errors["kind"] = [_("Typ av mål: välj beräknat eller kvalitativt.")]
    if errors:
        raise ActionError(errors)
    return values


def _values(names: Iterable[str], obj: object, fields: Values) -> Values:
    """Every field of ``names``: the stored value of ``obj`` (or ``None``), overridden by ``fields``."""
    unknown = set(fields) - set(names)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    values = {name: (getattr(obj, name) if obj is not None else None) for name in names}
    values.update(fields)
    return values


def _collect(errors: Errors, func: Callable[..., T], *args: Any) -> T | None:
    """``func(*args)``, with an :class:`ActionError` added to ``errors`` instead of raised."""
    try:
        return func(*args)
    except ActionError as error:
        errors.update(error.message_dict)
        return None


def _create(
    user: "Actor",
    project: Project,
    model: type[M],
    names: tuple[str, ...],
    clean: Callable[[Values], Values],
    fields: Values,
) -> M:
    _check_project_change(user, project)
    values = clean(_values(names, None, fields))
    obj = model.objects.create(project=project, **values)
    record(user, AuditAction.CREATE, obj, changes=diff({}, {"project": project.code, **values}))
    return obj


def _update(
    user: "Actor",
    obj: M,
    names: tuple[str, ...],
    clean: Callable[[Values], Values],
    version: int | str,
    fields: Values,
) -> M:
    _check_project_change(user, obj.project)
    before = {name: getattr(obj, name) for name in names}
    values = clean(_values(names, obj, fields))
    for name, value in values.items():
        setattr(obj, name, value)
    save_versioned(obj, version, list(names))
    changes = diff(before, values)
    if changes:
        record(user, AuditAction.UPDATE, obj, changes=changes)
    return obj


@transaction.atomic
def create_goal(user: "Actor", project: Project, **fields: Any) -> Goal:
    """Add a goal to ``project``; see :func:`_clean_goal` for what is checked."""
    return _create(user, project, Goal, GOAL_FIELDS, _clean_goal, fields)


@transaction.atomic
def update_goal(user: "Actor", goal: Goal, *, version: int | str, **fields: Any) -> Goal:
    """Change a goal (also archiving it: ``archived=True``); ``version`` is the one the form showed."""
    return _update(user, goal, GOAL_FIELDS, _clean_goal, version, fields)


def _date(value: Any, field: str, label: "StrOrPromise") -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ActionError(
            {field: [_("%(label)s: ange ett datum som ÅÅÅÅ-MM-DD.") % {"label": label}]}
        ) from None


def _clean_step(values: Values) -> Values:
    errors: Errors = {}
    for field, label, required in (("what", _("Vad"), True), ("who", _("Vem"), False)):
        column = ImplementationStep._meta.get_field(field)
        max_length = column.max_length if isinstance(column, Field) else None
        values[field] = _collect(errors, _text, values[field], field, label, max_length, required)
    values["how"] = (values["how"] or "").strip()
    values["note"] = (values["note"] or "").strip()
    for field, label in (("start_date", _("Från")), ("end_date", _("Till"))):
        values[field] = _collect(errors, _date, values[field], field, label)
    if not errors.keys() & {"start_date", "end_date"}:
        start, end = values["start_date"], values["end_date"]
        if start is None and end is None:
            errors["start_date"] = [
                _("Från: ange när aktiviteten görs, ett startdatum, ett slutdatum eller båda.")
            ]
        elif start and end and end < start:
            errors["end_date"] = [
                _("Till: slutdatumet kan inte vara före startdatumet (%(start)s).")
                % {"start": start.isoformat()}
            ]
    values["status"] = values["status"] or StepStatus.PLANERAD
    if values["status"] not in StepStatus.values:
        errors["status"] = [_("Status: välj planerad, pågår, klar, försenad eller utgår.")]
    values["order"] = _collect(errors, _order, values["order"])
    if errors:
        raise ActionError(errors)
    return values


@transaction.atomic
def create_step(user: "Actor", project: Project, **fields: Any) -> ImplementationStep:
    """Add a step to the project's implementation plan."""
    return _create(user, project, ImplementationStep, STEP_FIELDS, _clean_step, fields)


@transaction.atomic
def update_step(
    user: "Actor", step: ImplementationStep, *, version: int | str, **fields: Any
) -> ImplementationStep:
    """Change a step of the plan; ``version`` is the one the form showed."""
    return _update(user, step, STEP_FIELDS, _clean_step, version, fields)
