"""Access to personal data is decided here, and only here.

Two mechanisms, both fail closed:

1. **Which rows.** Every query for personal data goes through
   ``Model.objects.restrict(user, action)`` (:class:`RestrictedQuerySet`). Each app registers
   the rule of its own models with :func:`register_rule` from its ``AppConfig.ready()`` (the
   rules of persons and enrolments live in :mod:`stegvis.participants.access`, the project rule
   in :mod:`stegvis.organizations.access`); no view filters by organisation on its own. One
   object is fetched with :func:`get_restricted_or_404` and one object is checked with
   :func:`may`, so a view, an action and an export ask the same question the same way. The
   system check in :mod:`stegvis.core.checks` refuses to start while a model holding personal
   data has no rule.
2. **Which pages.** Every view declares an access rule (:func:`access_rule` for functions, the
   ``access_rule`` attribute for classes). :class:`AccessRuleMiddleware` refuses any view
   without one, so adding a page without a rule cannot leak anything, and the URL-walking test
   in ``stegvis/core/tests/test_url_access.py`` fails until the page has a rule and an expectation.

Roles (see :class:`stegvis.core.roles.Role`, stored as ``organizations.StaffRole`` rows):

- administrator: everything (still audited);
- project leader: every enrolment in their project;
- coordinator: enrolments their organisation made, in their project (or all their
  organisation's projects), and persons their organisation registered who are not enrolled yet;
- evaluator: aggregates only, never a row of personal data.

:func:`works_on` is the one statement of "this user works on this project for this
organisation", the condition behind choosing an organisation, enrolling, and naming someone
coordinator; its queryset side is :func:`stegvis.organizations.access.works_on_q`.

This module imports no domain app: the apps depend on core, never the other way round.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.functional import Promise

from stegvis.core.client import client_address
from stegvis.core.errors import NotAllowed
from stegvis.core.registry import Registry
from stegvis.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.http import HttpRequest, HttpResponseBase
    from django_stubs_ext import StrOrPromise

    #: Whoever acts: a staff user, an anonymous visitor, or ``None`` for the system (worker, demo).
    Actor = User | AnonymousUser | None

VIEW = "view"
CHANGE = "change"
REPORT = "report"


@dataclass
class UserScope:
    """What a user's roles add up to; computed once per request and cached on the user."""

    is_admin: bool = False
    leader_projects: set[int] = field(default_factory=set)
    # (organization_id, project_id or None)
    coordinator_scopes: set[tuple[int, int | None]] = field(default_factory=set)
    evaluator_projects: set[int] = field(default_factory=set)
    evaluator_all: bool = False
    user_id: int | None = None  # for rows that belong to one user (their own import jobs, say)

    @property
    def has_personal_data_access(self) -> bool:
        return self.is_admin or bool(self.leader_projects) or bool(self.coordinator_scopes)

    @property
    def has_any_role(self) -> bool:
        return self.has_personal_data_access or self.evaluator_all or bool(self.evaluator_projects)

    @property
    def coordinator_organizations(self) -> set[int]:
        return {org for org, _project in self.coordinator_scopes}

    def organizations_on(self, project_id: int | None) -> set[int] | None:
        """Ids of the organisations this user works on project ``project_id`` for.

        ``None`` means every organisation (administrators and the project's leaders). A
        coordinator works for their own organisation, on their project or, when the role names
        no project, on any project. Whether the organisation takes part in the project is a
        separate fact (see :func:`works_on`).
        """
        if self.is_admin or project_id in self.leader_projects:
            return None
        return {org for org, project in self.coordinator_scopes if project in (None, project_id)}


_SCOPE_ATTRIBUTE = "_stegvis_scope"


def scope_of(user: "Actor") -> UserScope:
    """The roles of ``user`` added up; one role query per user object, then cached on it.

    The cache lives on the user instance, so everything that hands the same ``request.user``
    along (views, forms, actions, exports) shares one computation. A user loaded again from the
    database is a new instance and costs one more query: pass the instance you have.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return UserScope()
    cached: UserScope | None = getattr(user, _SCOPE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    scope = UserScope(is_admin=user.is_superuser, user_id=user.pk)
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
    setattr(user, _SCOPE_ATTRIBUTE, scope)
    return scope


def narrow_scope(user: "Actor", project_ids: set[int]) -> UserScope:
    """Limit ``user``'s rights, for the rest of this request, to the projects ``project_ids``.

    An API token may be limited to some projects: the user's scope is narrowed once, here, and
    cached on the user, so every ``restrict``, ``may`` and ``works_on`` after it answers for the
    narrowed rights without knowing about tokens. Nothing is widened: an administrator becomes
    the leader of those projects (every enrolment in them, no other organisation's persons), a
    coordinator of all their organisation's projects a coordinator on those of them, an evaluator
    of every project an evaluator of those.
    """
    full = scope_of(user)
    narrowed = UserScope(user_id=full.user_id)
    narrowed.leader_projects = project_ids if full.is_admin else full.leader_projects & project_ids
    narrowed.coordinator_scopes = {
        (org, project)
        for org, role_project in full.coordinator_scopes
        for project in ({role_project} & project_ids if role_project is not None else project_ids)
    }
    narrowed.evaluator_projects = project_ids if full.evaluator_all else full.evaluator_projects & project_ids
    if user is not None and user.is_authenticated:
        setattr(user, _SCOPE_ATTRIBUTE, narrowed)
    return narrowed


def forget_scope(user: "Actor") -> None:
    """Drop the cached scope, e.g. after the user's roles changed."""
    if user is None:
        return
    if hasattr(user, _SCOPE_ATTRIBUTE):
        delattr(user, _SCOPE_ATTRIBUTE)


# --- One object ----------------------------------------------------------------------------------


def _restricted(queryset_or_model: Any, user: "Actor", action: str) -> "models.QuerySet[Any]":
    if isinstance(queryset_or_model, models.QuerySet):
        queryset: models.QuerySet[Any] = queryset_or_model.restrict(user, action)  # type: ignore[attr-defined]
        return queryset
    restricted: models.QuerySet[Any] = queryset_or_model.objects.restrict(user, action)
    return restricted


def get_restricted_or_404(
    queryset_or_model: Any,
    user: "Actor",
    action: str = VIEW,
    *,
    not_found: str | Promise | None = None,
    **lookup: Any,
) -> Any:
    """The row matching ``lookup`` among those ``user`` may ``action``, else ``Http404``.

    A row the user may not see (or may see but not change, for ``CHANGE``) answers 404 like a
    row that does not exist, so a page never tells whether someone is registered. Pass a
    queryset to add ``select_related`` or filters; its model's manager must be a restricted one.
    ``not_found`` is the message of the 404.
    """
    row = _restricted(queryset_or_model, user, action).filter(**lookup).first()
    if row is None:
        raise Http404(not_found) if not_found else Http404
    return row


def may(user: "Actor", action: str, obj: models.Model) -> bool:
    """Whether ``obj`` is among the rows ``user`` may ``action`` (one ``EXISTS`` query)."""
    manager: Any = type(obj)._default_manager
    return bool(manager.restrict(user, action).filter(pk=obj.pk).exists())


def require(user: "Actor", action: str, obj: models.Model, message: "StrOrPromise | None" = None) -> None:
    """Refuse an action's change unless ``user`` may ``action`` ``obj`` (the system, ``None``, may).

    Actions call this even though their pages already checked: a form can be posted by anyone
    who guesses an address, and the action is the last word.
    """
    if user is not None and not may(user, action, obj):
        raise NotAllowed(message)


def acting_user(user: "Actor") -> "User | None":
    """The staff member to store as the one who acted: ``None`` for the system or a visitor."""
    if user is None or not user.is_authenticated:
        return None
    return user


def works_on(user: "Actor", project: Any, organization: Any) -> bool:
    """Whether ``user`` works on ``project`` for ``organization`` (objects or their ids).

    True for administrators, for the project's leaders, and for a coordinator of the
    organisation whose role names this project or no project (all the organisation's projects).
    The queryset side, :func:`stegvis.organizations.access.works_on_q`, also requires that the
    project has the organisation as owner or partner, because stored rows may outlive a
    partnership. Here that condition is the caller's: the actions validate it on their own with
    a clear message (an organisation outside the project is an input error, not a refusal), and
    the forms only offer the project's organisations. Ids are accepted so a caller holding an
    enrolment's foreign keys need not load the project and organisation.
    """
    organizations = scope_of(user).organizations_on(getattr(project, "pk", project))
    return organizations is None or getattr(organization, "pk", organization) in organizations


# --- Row rules -----------------------------------------------------------------------------------

#: A ``Q`` that matches no row, for rules that grant nothing.
NOTHING = Q(pk__in=[])

RowRule = Callable[[UserScope, str], Q]

#: The row rule of each personal-data model, by model label.
_RULES: Registry[RowRule] = Registry("row rule")


def register_rule(label: str, func: RowRule) -> None:
    """Let an app add the rule for its own personal-data model (from its ``AppConfig.ready()``).

    ``func(scope, action)`` returns a ``Q``. Models keyed to an enrolment can reuse
    :func:`stegvis.participants.access.enrollment_rule` with the path to their enrolment.
    """
    _RULES.register(label, func)


def has_rule(model: type[models.Model]) -> bool:
    """Whether ``restrict`` knows a rule for ``model`` (without one it returns no rows)."""
    return model._meta.label in _RULES


_Row = TypeVar("_Row", bound=models.Model)


class RestrictedQuerySet(models.QuerySet[_Row]):
    """A queryset that knows the access rule of its model (see :func:`register_rule`)."""

    def restrict(self, user: "Actor", action: str = VIEW) -> "RestrictedQuerySet[_Row]":
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
    ACCOUNT = "account"  # any logged-in user, with or without a role: their own password and two-factor login
    STAFF = "staff"  # any user with a role, evaluators included
    PERSONAL_DATA = "personal_data"  # administrators, project leaders, coordinators
    ADMIN = "admin"  # administrators only

    def allows(self, user: "Actor") -> bool:
        if self is Rule.PUBLIC:
            return True
        if self is Rule.ACCOUNT:
            return user is not None and user.is_authenticated
        scope = scope_of(user)
        if self is Rule.STAFF:
            return scope.has_any_role
        if self is Rule.PERSONAL_DATA:
            return scope.has_personal_data_access
        return scope.is_admin


_View = TypeVar("_View", bound=Callable[..., Any])


def access_rule(rule: Rule) -> Callable[[_View], _View]:
    """Declare who may open a function-based view."""

    def decorate(view: _View) -> _View:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def rule_of(view_func: Callable[..., Any]) -> Rule | None:
    """The rule a view declared (on the function, or on the class of a class-based view)."""
    rule: Rule | None = getattr(view_func, "access_rule", None)
    if rule is None:
        view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
        rule = getattr(view_class, "access_rule", None)
    return rule


def _authenticates_itself(view_func: Callable[..., Any]) -> bool:
    """Whether a view checks its own credentials (an API token) and then its declared rule."""
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    return bool(getattr(view_class, "authenticates_itself", False))


class AccessRuleMiddleware:
    """Refuse every view that has not declared who may open it."""

    def __init__(self, get_response: "Callable[[HttpRequest], HttpResponseBase]") -> None:
        self.get_response = get_response

    def __call__(self, request: "HttpRequest") -> "HttpResponseBase":
        return self.get_response(request)

    def process_view(
        self,
        request: "HttpRequest",
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> "HttpResponseBase | None":
        rule = rule_of(view_func)
        if rule is None:
            raise PermissionDenied("Sidan saknar behörighetsregel.")
        if rule is Rule.PUBLIC or _authenticates_itself(view_func):
            # The API authenticates each request by its token and then applies the same rule
            # (stegvis/api/permissions.py); a browser login is neither needed nor enough there.
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The audit log records where a read or change came from (the visitor's, not the proxy's).
        request.user._stegvis_ip = client_address(request)  # type: ignore[attr-defined]
        if not rule.allows(request.user):
            raise PermissionDenied
        return None
