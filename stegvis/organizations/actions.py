"""Writes to organisations, projects, need groups, staff accounts and roles.

Each action validates, writes and records its audit entry in one transaction; the
administration pages, the importer and the ``stegvis staff`` command all call these.
``user`` is the staff member acting; ``None`` means the command line.

Organisations and projects carry no ``version`` field; pages pass the ``updated_at`` they
showed as ``token`` and a save on top of someone else's newer change is refused with a
:class:`~stegvis.core.errors.ConflictError` instead of overwriting it.
"""

import datetime
import decimal
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import CHANGE, forget_scope, require, scope_of
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.organizations.models import (
    MIN_CELL_HIGHEST,
    MIN_CELL_LOWEST,
    Funder,
    NeedGroup,
    Organization,
    OrganizationKind,
    Project,
    Role,
    StaffRole,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.audit.log import JsonValue
    from stegvis.core.access import Actor

ORGANIZATION_FIELDS = ("name", "kind")
PROJECT_FIELDS = ("name", "owner", "start_date", "end_date", "funder")


def _require_admin(user: "Actor") -> None:
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()


def token_of(obj: Organization | Project | None) -> str:
    """The value a form carries to detect a change made by someone else after it was opened."""
    return obj.updated_at.isoformat() if obj is not None and obj.updated_at else ""


def _check_token(obj: Organization | Project, token: object) -> None:
    """Refuse the write when the stored row changed after the form showed ``token``.

    The row is locked first (``select_for_update``), so two saves cannot both pass the check.
    """
    if token is None:
        return
    current = (
        type(obj)
        ._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None or current.isoformat() != str(token):
        raise ConflictError()


def _check_code(code: str | None, label: str) -> None:
    try:
        validate_slug(code or "")
    except ValidationError:
        raise ActionError(
            {
                "code": [
                    _("%(label)s får bara innehålla bokstäverna a–z, siffror, bindestreck och understreck.")
                    % {"label": label}
                ]
            }
        ) from None


def _require_name(name: str | None) -> None:
    if not (name or "").strip():
        raise ActionError({"name": [_("Ange ett namn.")]})


@transaction.atomic
def save_organization(
    user: "Actor", *, code: str, name: str, kind: str, new: bool = False, token: str | None = None
) -> "tuple[Organization, bool, dict[str, list[JsonValue]]]":
    """Create the organisation ``code`` or update its name and kind. Returns ``(org, created, changes)``.

    ``new=True`` (the create page) refuses a code that is already taken instead of updating
    that organisation; ``token`` (the edit page) refuses a stale save.
    """
    _require_admin(user)
    _require_name(name)
    if kind not in OrganizationKind.values:
        raise ActionError({"kind": [_("Okänd organisationstyp: %(v)s.") % {"v": kind}]})
    org = Organization.objects.filter(code=code).first()
    if org is not None and new:
        raise ActionError(
            {"code": [_("Det finns redan en organisation med koden %(code)s.") % {"code": code}]}
        )
    if org is not None:
        _check_token(org, token)
    if org is None:
        _check_code(code, _("Koden"))
        org = Organization.objects.create(code=code, name=name, kind=kind)
        record(user, AuditAction.CREATE, org, changes=diff({}, {"code": code, "name": name, "kind": kind}))
        return org, True, {}
    changes = diff({"name": org.name, "kind": org.kind}, {"name": name, "kind": kind})
    if changes:
        org.name, org.kind = name, kind
        org.save()
        record(user, AuditAction.UPDATE, org, changes=changes)
    return org, False, changes


@transaction.atomic
def set_two_factor_requirement(
    user: "Actor", organization: Organization, *, required: bool, token: str | None = None
) -> bool:
    """Require (or stop requiring) two-factor login of everyone with a role in ``organization``.

    Covers roles that name the organisation, and project leaders and evaluators of the projects
    it owns (see :mod:`stegvis.accounts.policy`); it reaches each staff member at their next
    login. Returns whether anything changed.
    """
    _require_admin(user)
    _check_token(organization, token)
    changes = diff(
        {"require_two_factor": organization.require_two_factor}, {"require_two_factor": bool(required)}
    )
    if not changes:
        return False
    organization.require_two_factor = bool(required)
    organization.save(update_fields=["require_two_factor", "updated_at"])
    record(user, AuditAction.UPDATE, organization, changes=changes)
    return True


@transaction.atomic
def set_minsida_eid(user: "Actor", organization: Organization, *, enabled: bool) -> bool:
    """Let (or stop letting) the organisation's participants log in to Min sida with e-legitimation.

    It takes effect at the next login; a Min sida session already open keeps its enrolments until
    it ends. Returns whether anything changed.
    """
    _require_admin(user)
    changes = diff({"minsida_eid": organization.minsida_eid}, {"minsida_eid": bool(enabled)})
    if not changes:
        return False
    organization.minsida_eid = bool(enabled)
    organization.save(update_fields=["minsida_eid", "updated_at"])
    record(user, AuditAction.UPDATE, organization, changes=changes)
    return True


@transaction.atomic
def set_min_cell(user: "Actor", organization: Organization, *, min_cell: int) -> bool:
    """Set the smallest count the reports of ``organization``'s projects show when small numbers are
    hidden (docs/reports.md, "Små tal"). Returns whether anything changed."""
    _require_admin(user)
    if not MIN_CELL_LOWEST <= min_cell <= MIN_CELL_HIGHEST:
        raise ActionError(
            {
                "min_cell": [
                    _("Minsta cellstorlek måste vara mellan %(low)s och %(high)s.")
                    % {"low": MIN_CELL_LOWEST, "high": MIN_CELL_HIGHEST}
                ]
            }
        )
    changes = diff({"min_cell": organization.min_cell}, {"min_cell": min_cell})
    if not changes:
        return False
    organization.min_cell = min_cell
    organization.save(update_fields=["min_cell", "updated_at"])
    record(user, AuditAction.UPDATE, organization, changes=changes)
    return True


@transaction.atomic
def save_project(
    user: "Actor",
    *,
    code: str,
    name: str,
    owner: Organization,
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    funder: str | None = "",
    new: bool = False,
    token: str | None = None,
) -> "tuple[Project, bool, dict[str, list[JsonValue]]]":
    """Create the project ``code`` or update it. Returns ``(project, created, changes)``.

    ``new`` and ``token`` work as in :func:`save_organization`. Only administrators set these
    fields; a project leader changes partners, need groups and the threshold through the
    actions below.
    """
    _require_admin(user)
    _require_name(name)
    if start_date is None:
        raise ActionError({"start_date": [_("Ange startdatum.")]})
    if end_date and end_date < start_date:
        raise ActionError({"end_date": [_("Slutdatum kan inte vara före startdatum.")]})
    if funder and funder not in Funder.values:
        raise ActionError({"funder": [_("Okänd finansiär: %(v)s.") % {"v": funder}]})
    values = {
        "name": name,
        "owner": owner,
        "start_date": start_date,
        "end_date": end_date,
        "funder": funder or "",
    }
    project = Project.objects.filter(code=code).first()
    if project is not None and new:
        raise ActionError({"code": [_("Det finns redan ett projekt med koden %(code)s.") % {"code": code}]})
    if project is not None:
        _check_token(project, token)
    if project is None:
        _check_code(code, _("Koden"))
        project = Project.objects.create(code=code, **values)
        record(user, AuditAction.CREATE, project, changes=diff({}, {"code": code, **values}))
        return project, True, {}
    before = {name: getattr(project, name) for name in PROJECT_FIELDS}
    changes = diff(before, values)
    if changes:
        for field, value in values.items():
            setattr(project, field, value)
        project.save()
        record(user, AuditAction.UPDATE, project, changes=changes)
    return project, False, changes


@transaction.atomic
def grant_role(
    user: "Actor",
    staff_user: "User",
    *,
    role: str,
    organization: Organization | None = None,
    project: Project | None = None,
) -> StaffRole:
    """Give ``staff_user`` a role; idempotent."""
    _require_admin(user)
    if role not in Role.values:
        raise ActionError({"role": [_("Okänd roll: %(v)s.") % {"v": role}]})
    if role == Role.COORDINATOR and organization is None:
        raise ActionError({"organization": [_("En handläggare måste höra till en organisation.")]})
    if role == Role.PROJECT_LEADER and project is None:
        raise ActionError({"project": [_("En projektledare måste ha ett projekt.")]})
    obj, created = StaffRole.objects.get_or_create(
        user=staff_user, role=role, organization=organization, project=project
    )
    if created:
        record(
            user,
            AuditAction.CREATE,
            obj,
            changes={
                "user": [None, staff_user.get_username()],
                "role": [None, role],
                "organization": [None, getattr(organization, "code", None)],
                "project": [None, getattr(project, "code", None)],
            },
        )
        forget_scope(staff_user)
    return obj


# --- What a project leader may change as well ----------------------------------------------------


def _touch(project: Project) -> None:
    """Mark the project as changed, so an open form based on the old state gets a conflict."""
    project.save(update_fields=["updated_at"])


@transaction.atomic
def update_project_settings(
    user: "Actor", project: Project, *, progression_threshold: object, token: str | None = None
) -> Project:
    """Set the threshold below which a change in progression counts as unchanged."""
    require(user, CHANGE, project)
    try:
        threshold = decimal.Decimal(str(progression_threshold))
    except (decimal.InvalidOperation, ValueError, TypeError):
        threshold = None
    if threshold is None or not threshold.is_finite() or threshold < 0 or threshold >= 100:
        raise ActionError({"progression_threshold": [_("Ange ett tal från 0 till 99,99.")]})
    threshold = threshold.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    _check_token(project, token)
    changes = diff(
        {"progression_threshold": project.progression_threshold}, {"progression_threshold": threshold}
    )
    if changes:
        project.progression_threshold = threshold
        project.save(update_fields=["progression_threshold", "updated_at"])
        record(user, AuditAction.UPDATE, project, changes=changes)
    return project


def _organizations_with_enrollments(project: Project) -> "models.QuerySet[Organization]":
    ids = project.enrollments.values("organization_id")
    return Organization.objects.filter(pk__in=ids)


@transaction.atomic
def set_project_partners(
    user: "Actor", project: Project, *, partners: Iterable[Organization], token: str | None = None
) -> bool:
    """Make ``partners`` (besides the owner, who always takes part) the project's partners.

    A partner that has enrolled people in the project cannot be removed: its enrolments
    would belong to an organisation that is no longer in the project.
    """
    require(user, CHANGE, project)
    _check_token(project, token)
    wanted = {org.pk: org for org in partners if org.pk != project.owner_id}
    current = {org.pk: org for org in project.partners.all()}
    removed = [org for pk, org in current.items() if pk not in wanted]
    added = [org for pk, org in wanted.items() if pk not in current]
    # Every organisation with enrolments must stay in the project (as owner or partner); this also
    # catches a former owner left out after the owner changed.
    stuck = (
        _organizations_with_enrollments(project)
        .exclude(pk=project.owner_id)
        .exclude(pk__in=wanted)
        .order_by("name")
    )
    if stuck:
        raise ActionError(
            {
                "partners": [
                    _("%(org)s har inskrivningar i projektet och kan inte tas bort som samverkanspart.")
                    % {"org": org.name}
                    for org in stuck
                ]
            }
        )
    if not removed and not added:
        return False
    project.partners.remove(*removed)
    project.partners.add(*added)
    _touch(project)
    record(
        user,
        AuditAction.UPDATE,
        project,
        changes={
            "partners": [
                sorted(org.code for org in current.values()),
                sorted(org.code for org in wanted.values()),
            ]
        },
    )
    return True


def _clean_group_name(project: Project, raw: str | None, exclude: NeedGroup | None = None) -> str:
    name = (raw or "").strip()
    if not name:
        raise ActionError({"name": [_("Ange behovsgruppens namn.")]})
    max_length = NeedGroup._meta.get_field("name").max_length
    if max_length is not None and len(name) > max_length:
        raise ActionError({"name": [_("Namnet får vara högst 100 tecken.")]})
    taken = NeedGroup.objects.filter(project=project).annotate(lower=Lower("name")).filter(lower=name.lower())
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ActionError(
            {"name": [_("Projektet har redan en behovsgrupp som heter %(name)s.") % {"name": name}]}
        )
    return name


@transaction.atomic
def add_need_group(user: "Actor", project: Project, *, name: str | None) -> NeedGroup:
    require(user, CHANGE, project)
    cleaned = _clean_group_name(project, name)
    group = NeedGroup.objects.create(project=project, name=cleaned)
    record(
        user, AuditAction.CREATE, group, changes={"project": [None, project.code], "name": [None, cleaned]}
    )
    return group


@transaction.atomic
def rename_need_group(user: "Actor", group: NeedGroup, *, name: str | None) -> NeedGroup:
    """Rename a need group; enrolments keep pointing at it, so their statistics follow the new name."""
    require(user, CHANGE, group.project)
    cleaned = _clean_group_name(group.project, name, exclude=group)
    changes = diff({"name": group.name}, {"name": cleaned})
    if changes:
        group.name = cleaned
        group.save(update_fields=["name"])
        record(user, AuditAction.UPDATE, group, changes=changes)
    return group


@transaction.atomic
def remove_need_group(user: "Actor", group: NeedGroup) -> None:
    """Remove a need group no enrolment uses; a used one is refused (its figures would be lost)."""
    require(user, CHANGE, group.project)
    used = group.enrollments.count()
    if used:
        raise ActionError(
            {
                "name": [
                    _(
                        "Behovsgruppen %(name)s används i %(n)d inskrivningar och kan inte tas bort. Byt namn på den "
                        "i stället, eller flytta inskrivningarna till en annan grupp först."
                    )
                    % {"name": group.name, "n": used}
                ]
            }
        )
    record(
        user,
        AuditAction.DELETE,
        group,
        changes={"project": [group.project.code, None], "name": [group.name, None]},
    )
    group.delete()


# --- Staff accounts ------------------------------------------------------------------------------


def _password_errors(password: str, account: "User") -> None:
    """Django's password validators (their messages are translated by Django's own locale)."""
    try:
        validate_password(password, account)
    except ValidationError as error:
        raise ActionError({"password": error.messages}) from None


def _account_snapshot(account: "User") -> dict[str, str]:
    return {"first_name": account.first_name, "last_name": account.last_name, "email": account.email}


@transaction.atomic
def create_staff_user(
    user: "Actor",
    *,
    username: str | None,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> "User":
    """Create a staff account. The password is checked by the validators and never logged."""
    _require_admin(user)
    user_model = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ActionError({"username": [_("Ange ett användarnamn.")]})
    try:
        user_model.username_validator(username)
    except ValidationError:
        raise ActionError(
            {"username": [_("Användarnamnet får bara innehålla bokstäver, siffror och tecknen @ . + - _.")]}
        ) from None
    if user_model.objects.filter(username__iexact=username).exists():
        raise ActionError({"username": [_("Användarnamnet %(name)s är upptaget.") % {"name": username}]})
    account = user_model(
        username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip()
    )
    _password_errors(password, account)
    account.set_password(password)
    account.save()
    record(
        user,
        AuditAction.CREATE,
        account,
        changes=diff({}, {"username": username, **_account_snapshot(account)}),
    )
    return account


@transaction.atomic
def update_staff_user(
    user: "Actor", account: "User", *, first_name: str, last_name: str, email: str
) -> "User":
    _require_admin(user)
    values = {"first_name": first_name.strip(), "last_name": last_name.strip(), "email": email.strip()}
    changes = diff(_account_snapshot(account), values)
    if changes:
        for name, value in values.items():
            setattr(account, name, value)
        account.save(update_fields=list(values))
        record(user, AuditAction.UPDATE, account, changes=changes)
    return account


@transaction.atomic
def set_staff_active(user: "Actor", account: "User", *, active: bool) -> "User":
    """Deactivate (no login, no access) or reactivate an account; nobody deactivates themselves."""
    _require_admin(user)
    if not active and user is not None and account.pk == user.pk:
        raise ActionError(_("Du kan inte inaktivera ditt eget konto."))
    if account.is_active == bool(active):
        return account
    record(user, AuditAction.UPDATE, account, changes={"is_active": [account.is_active, bool(active)]})
    account.is_active = bool(active)
    account.save(update_fields=["is_active"])
    forget_scope(account)
    return account


@transaction.atomic
def set_staff_password(user: "Actor", account: "User", *, password: str) -> "User":
    _require_admin(user)
    _password_errors(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    record(user, AuditAction.UPDATE, account, detail=_("Nytt lösenord satt."))
    return account


@transaction.atomic
def revoke_role(user: "Actor", staff_role: StaffRole) -> None:
    """Take a role away. An administrator cannot take away their own administrator role."""
    _require_admin(user)
    if user is not None and staff_role.user_id == user.pk and staff_role.role == Role.ADMINISTRATOR:
        raise ActionError(_("Du kan inte ta bort din egen administratörsroll."))
    record(
        user,
        AuditAction.DELETE,
        staff_role,
        changes={
            "user": [staff_role.user.get_username(), None],
            "role": [staff_role.role, None],
            "organization": [getattr(staff_role.organization, "code", None), None],
            "project": [getattr(staff_role.project, "code", None), None],
        },
    )
    account = staff_role.user
    staff_role.delete()
    forget_scope(account)
