"""Access to personal data is decided here, and only here.

Two mechanisms, both fail closed:

1. **Which rows.** Every query for personal data goes through
   ``Model.objects.restrict(user, action)`` (:class:`RestrictedQuerySet`). The rules per model are
   the ``_*_filter`` functions below; no view filters by organisation on its own.
2. **Which pages.** Every view declares an access rule (:func:`access_rule` for functions, the
   ``access_rule`` attribute for classes). :class:`AccessRuleMiddleware` refuses any view
   without one, so adding a page without a rule cannot leak anything, and the URL-walking test
   in ``stegvis/core/tests/test_url_access.py`` fails until the page has a rule and an expectation.

Roles (see :class:`stegvis.organizations.models.StaffRole`):

- administrator: everything (still audited);
- project leader: every enrolment in their project;
- coordinator: enrolments their organisation made, in their project (or all their
  organisation's projects), and persons their organisation registered who are not enrolled yet;
- evaluator: aggregates only, never a row of personal data.
"""

from dataclasses import dataclass, field
from enum import Enum

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q

VIEW = "view"
CHANGE = "change"
REPORT = "report"


@dataclass
class UserScope:
    """What a user's roles add up to; computed once per request and cached on the user."""

    is_admin: bool = False
    leader_projects: set = field(default_factory=set)
    # (organization_id, project_id or None)
    coordinator_scopes: set = field(default_factory=set)
    evaluator_projects: set = field(default_factory=set)
    evaluator_all: bool = False

    @property
    def has_personal_data_access(self):
        return self.is_admin or bool(self.leader_projects) or bool(self.coordinator_scopes)

    @property
    def has_any_role(self):
        return self.has_personal_data_access or self.evaluator_all or bool(self.evaluator_projects)

    @property
    def coordinator_organizations(self):
        return {org for org, _project in self.coordinator_scopes}


def scope_of(user) -> UserScope:
    if user is None or not user.is_authenticated or not user.is_active:
        return UserScope()
    cached = getattr(user, "_stegvis_scope", None)
    if cached is not None:
        return cached
    from stegvis.organizations.models import Role

    scope = UserScope(is_admin=user.is_superuser)
    for role, org_id, project_id in user.staff_roles.values_list("role", "organization_id", "project_id"):
        if role == Role.ADMINISTRATOR:
            scope.is_admin = True
        elif role == Role.PROJECT_LEADER:
            scope.leader_projects.add(project_id)
        elif role == Role.COORDINATOR:
            scope.coordinator_scopes.add((org_id, project_id))
        elif role == Role.EVALUATOR:
            if project_id is None:
                scope.evaluator_all = True
            else:
                scope.evaluator_projects.add(project_id)
    user._stegvis_scope = scope
    return scope


def forget_scope(user):
    """Drop the cached scope, e.g. after the user's roles changed."""
    if hasattr(user, "_stegvis_scope"):
        del user._stegvis_scope


# --- Row rules -----------------------------------------------------------------------------------

_NOTHING = Q(pk__in=[])


def _projects_of_organization(org_id):
    """Ids of the projects an organisation takes part in, as owner or partner (a subquery).

    A subquery rather than a join through ``partners``, so restricted querysets never repeat rows.
    """
    from stegvis.organizations.models import Project

    return Project.objects.filter(Q(owner_id=org_id) | Q(partners=org_id)).values("pk")


def _coordinator_enrollment_q(scope, prefix=""):
    q = _NOTHING
    for org_id, project_id in scope.coordinator_scopes:
        term = Q(**{f"{prefix}organization_id": org_id})
        if project_id is not None:
            term &= Q(**{f"{prefix}project_id": project_id})
        else:
            term &= Q(**{f"{prefix}project_id__in": _projects_of_organization(org_id)})
        q |= term
    return q


def _enrollment_filter(scope, action, prefix=""):
    if scope.is_admin:
        return Q()
    if action == REPORT:
        return _NOTHING  # Enrolment rows are personal data; reports aggregate through Project.
    q = _NOTHING
    if scope.leader_projects:
        q |= Q(**{f"{prefix}project_id__in": scope.leader_projects})
    q |= _coordinator_enrollment_q(scope, prefix)
    return q


def _person_filter(scope, action):
    if scope.is_admin:
        return Q()
    if action == REPORT or not scope.has_personal_data_access:
        return _NOTHING
    from stegvis.participants.models import Enrollment

    visible = Enrollment.objects.filter(_enrollment_filter(scope, action)).values("person_id")
    q = Q(pk__in=visible)
    orgs = scope.coordinator_organizations
    if orgs:
        # Registered by their organisation but not enrolled anywhere yet (intake). NOT EXISTS
        # rather than a join, so a person with several enrolments is not repeated.
        enrolled = Enrollment.objects.filter(person_id=OuterRef("pk"))
        q |= Q(registered_by_id__in=orgs) & ~Exists(enrolled)
    return q


def _project_filter(scope, action):
    if scope.is_admin:
        return Q()
    q = _NOTHING
    if scope.leader_projects:
        q |= Q(pk__in=scope.leader_projects)
    for org_id, project_id in scope.coordinator_scopes:
        q |= Q(pk=project_id) if project_id is not None else Q(pk__in=_projects_of_organization(org_id))
    if action == REPORT:
        if scope.evaluator_all:
            return Q()
        if scope.evaluator_projects:
            q |= Q(pk__in=scope.evaluator_projects)
    elif action == CHANGE:
        # Only administrators and project leaders change a project's settings.
        return Q(pk__in=scope.leader_projects) if scope.leader_projects else _NOTHING
    return q


_RULES = {
    "participants.Enrollment": _enrollment_filter,
    "participants.Person": _person_filter,
    "organizations.Project": _project_filter,
}


def register_rule(label, func):
    """Let a later app (casework, progression ...) add the rule for its own personal-data model.

    ``func(scope, action)`` returns a ``Q``. Models keyed to an enrolment can reuse
    :func:`enrollment_rule` with the path to their enrolment.
    """
    _RULES[label] = func


def enrollment_q(scope, action, prefix=""):
    """The enrolment rule for rows that reach their enrolment's fields through ``prefix``.

    ``prefix`` is ``""`` for a model that carries ``project`` and ``organization`` itself (as an
    enrolment does), or e.g. ``"enrollment__"``.
    """
    return _enrollment_filter(scope, action, prefix=prefix)


def project_q(scope, action, path="project"):
    """Rows whose project (through ``path``) the user may ``action``, by the project rule."""
    if scope.is_admin:
        return Q()
    from stegvis.organizations.models import Project

    return Q(**{f"{path}__in": Project.objects.filter(_project_filter(scope, action)).values("pk")})


def enrollment_rule(path):
    """A rule for a model that belongs to an enrolment through ``path`` (e.g. ``"enrollment"``)."""

    def rule(scope, action):
        return _enrollment_filter(scope, action, prefix=f"{path}__")

    return rule


def person_rule(path):
    """A rule for a model that belongs to a person through ``path`` (e.g. ``"person"``)."""

    def rule(scope, action):
        if scope.is_admin:
            return Q()
        from stegvis.participants.models import Person

        return Q(**{f"{path}__in": Person.objects.filter(_person_filter(scope, action)).values("pk")})

    return rule


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action=VIEW):
        """Only the rows ``user`` may ``action``; nothing at all for a model without a rule."""
        label = self.model._meta.label
        rule = _RULES.get(label)
        if rule is None:
            return self.none()
        scope = scope_of(user)
        if not scope.has_any_role:
            return self.none()
        return self.filter(rule(scope, action))


# --- Page rules ----------------------------------------------------------------------------------


class Rule(str, Enum):
    """Who may open a page at all. Row-level limits still come from ``restrict``."""

    PUBLIC = "public"  # no login: the login page itself, health checks
    STAFF = "staff"  # any user with a role, evaluators included
    PERSONAL_DATA = "personal_data"  # administrators, project leaders, coordinators
    ADMIN = "admin"  # administrators only

    def allows(self, user):
        if self is Rule.PUBLIC:
            return True
        scope = scope_of(user)
        if self is Rule.STAFF:
            return scope.has_any_role
        if self is Rule.PERSONAL_DATA:
            return scope.has_personal_data_access
        return scope.is_admin


def access_rule(rule: Rule):
    """Declare who may open a function-based view."""

    def decorate(view):
        view.access_rule = rule
        return view

    return decorate


def rule_of(view_func):
    rule = getattr(view_func, "access_rule", None)
    if rule is None:
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        rule = getattr(view_class, "access_rule", None)
    return rule


class AccessRuleMiddleware:
    """Refuse every view that has not declared who may open it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        rule = rule_of(view_func)
        if rule is None:
            raise PermissionDenied("Sidan saknar behörighetsregel.")
        if rule is Rule.PUBLIC:
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The audit log records where a read or change came from.
        request.user._stegvis_ip = request.META.get("REMOTE_ADDR")
        if not rule.allows(request.user):
            raise PermissionDenied
        return None
