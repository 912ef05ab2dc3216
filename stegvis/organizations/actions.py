"""Writes to organisations, projects and staff roles, each audited in its own transaction."""

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import forget_scope, scope_of
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Organization, OrganizationKind, Project, Role, StaffRole

ORGANIZATION_FIELDS = ("name", "kind")
PROJECT_FIELDS = ("name", "owner", "start_date", "end_date", "funder")


def _require_admin(user):
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()


@transaction.atomic
def save_organization(user, *, code, name, kind):
    """Create the organisation ``code`` or update its name and kind. Returns ``(org, created, changes)``."""
    _require_admin(user)
    if kind not in OrganizationKind.values:
        raise ActionError({"kind": [_("Okänd organisationstyp: %(v)s.") % {"v": kind}]})
    org = Organization.objects.filter(code=code).first()
    if org is None:
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
def save_project(user, *, code, name, owner, start_date, end_date=None, funder=""):
    """Create the project ``code`` or update it. Returns ``(project, created, changes)``."""
    _require_admin(user)
    if end_date and end_date < start_date:
        raise ActionError({"end_date": [_("Slutdatum kan inte vara före startdatum.")]})
    values = {"name": name, "owner": owner, "start_date": start_date, "end_date": end_date, "funder": funder or ""}
    project = Project.objects.filter(code=code).first()
    if project is None:
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
def grant_role(user, staff_user, role, *, organization=None, project=None):
    """Give ``staff_user`` a role; idempotent."""
    _require_admin(user)
    if role == Role.COORDINATOR and organization is None:
        raise ActionError({"organization": [_("En handläggare måste höra till en organisation.")]})
    if role == Role.PROJECT_LEADER and project is None:
        raise ActionError({"project": [_("En projektledare måste ha ett projekt.")]})
    obj, created = StaffRole.objects.get_or_create(user=staff_user, role=role, organization=organization, project=project)
    if created:
        record(user, AuditAction.CREATE, obj, changes={
            "user": [None, staff_user.get_username()], "role": [None, role],
            "organization": [None, getattr(organization, "code", None)], "project": [None, getattr(project, "code", None)],
        })
        forget_scope(staff_user)
    return obj
