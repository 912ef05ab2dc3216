"""The project rule, and which rows a user works on (registered in ``OrganizationsConfig.ready``).

A project is visible to its leaders and to the coordinators of its owner and partners (all of
the organisation's projects, or the one their role names); only administrators and the
project's leaders change its settings. Evaluators see projects in reports only.
"""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from stegvis.core.access import (
    CHANGE,
    NOTHING,
    REPORT,
    VIEW,
    UserScope,
    get_restricted_or_404,
    register_rule,
    scope_of,
)
from stegvis.organizations.models import Project

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def projects_of_organization(org_id: int) -> "QuerySet[Project, Any]":
    """Ids of the projects an organisation takes part in, as owner or partner (a subquery).

    A subquery rather than a join through ``partners``, so restricted querysets never repeat rows.
    """
    return Project.objects.filter(Q(owner_id=org_id) | Q(partners=org_id)).values("pk")


def works_on_q(scope: UserScope, prefix: str = "", organization: str | None = None) -> Q:
    """Rows (with ``project`` and ``organization`` through ``prefix``) the user works on.

    The queryset side of :func:`stegvis.core.access.works_on`: the project's leaders, and a
    coordinator of the row's organisation on the project their role names or, when it names
    none, on any project the organisation owns or partners in. Administrators are the caller's
    to handle (they see every row, ``Q()``). ``organization`` is the whole path to the
    organisation when it is not ``{prefix}organization`` (a case transfer's receiving
    organisation is not its enrolment's).
    """
    organization = organization or f"{prefix}organization"
    q = NOTHING
    if scope.leader_projects:
        q |= Q(**{f"{prefix}project_id__in": scope.leader_projects})
    for org_id, project_id in scope.coordinator_scopes:
        term = Q(**{f"{organization}_id": org_id})
        if project_id is not None:
            term &= Q(**{f"{prefix}project_id": project_id})
        else:
            term &= Q(**{f"{prefix}project_id__in": projects_of_organization(org_id)})
        q |= term
    return q


def worked_on_projects_q(scope: UserScope) -> Q:
    """Projects the user works on for some organisation: leaders', and coordinators' projects."""
    q = NOTHING
    if scope.leader_projects:
        q |= Q(pk__in=scope.leader_projects)
    for org_id, project_id in scope.coordinator_scopes:
        q |= Q(pk=project_id) if project_id is not None else Q(pk__in=projects_of_organization(org_id))
    return q


def sees_records_of(scope: UserScope, project: Project) -> bool:
    """Whether the user works on ``project`` for the organisation that runs it (or leads it, or
    administers the system): the records behind its figures are theirs to see.

    Not so for an evaluator, nor for a coordinator of a partner organisation (who sees only their
    own organisation's enrolments in another organisation's project). A comparison of projects
    where this is false for one of them is a comparison across organisations, shown with small
    numbers hidden (docs/reports.md, "Jämförelse"). No query: the roles are cached on the user.
    """
    if scope.is_admin or project.pk in scope.leader_projects:
        return True
    organizations = scope.organizations_on(project.pk)
    return organizations is None or project.owner_id in organizations


def project_rule(scope: UserScope, action: str) -> Q:
    if scope.is_admin:
        return Q()
    q = worked_on_projects_q(scope)
    if action == REPORT:
        if scope.evaluator_all:
            return Q()
        if scope.evaluator_projects:
            q |= Q(pk__in=scope.evaluator_projects)
    elif action == CHANGE:
        # Only administrators and project leaders change a project's settings.
        return Q(pk__in=scope.leader_projects) if scope.leader_projects else NOTHING
    return q


def project_q(scope: UserScope, action: str, path: str = "project") -> Q:
    """Rows whose project (through ``path``) the user may ``action``, by the project rule."""
    if scope.is_admin:
        return Q()
    return Q(**{f"{path}__in": Project.objects.filter(project_rule(scope, action)).values("pk")})


def register() -> None:
    register_rule("organizations.Project", project_rule)


PROJECT_NOT_FOUND = gettext_lazy("Projektet finns inte eller så saknar du behörighet.")


def project_or_404(user: "Actor", code: str, action: str = VIEW) -> Project:
    """The project with ``code`` if the user may do ``action`` to it, else a 404 saying so.

    The one "which project does this URL name" lookup for pages under a project's code: a project
    the user may not see is answered exactly like one that does not exist.
    """
    project: Project = get_restricted_or_404(Project, user, action, code=code, not_found=PROJECT_NOT_FOUND)
    return project


PROJECT_NOT_FOUND = gettext_lazy("Projektet finns inte eller så saknar du behörighet att ändra det.")


def require_project_admin(user: "Actor") -> None:
    """Administrators and project leaders; a coordinator has no project to administer (403)."""
    scope = scope_of(user)
    if not (scope.is_admin or scope.leader_projects):
        raise PermissionDenied


def administered_project_or_404(
    user: "Actor", code: str, queryset: "QuerySet[Project, Any] | None" = None
) -> Project:
    """The project ``code`` if ``user`` may change its settings: 403 for a coordinator, 404 for another's."""
    require_project_admin(user)
    return get_restricted_or_404(
        Project.objects.all() if queryset is None else queryset,
        user,
        CHANGE,
        code=code,
        not_found=PROJECT_NOT_FOUND,
    )
