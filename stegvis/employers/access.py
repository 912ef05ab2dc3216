"""Who sees and changes an organisation's employer register: the one statement of it.

An employer belongs to the organisation that keeps it. Its staff see and change it: the
organisation's coordinators (whatever project their role names), the leaders of projects the
organisation owns or partners in, and administrators. Other organisations do not, and evaluators
(aggregates only) see no employer at all. Viewing and changing are the same set of people: the
register is a shared working tool of the organisation.

The rule is registered for every model of the app (``EmployersConfig.ready``), so contact persons,
agreements and the contact log follow their employer.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from stegvis.core.access import NOTHING, UserScope, register_rule, scope_of
from stegvis.organizations.models import Organization

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def _organizations_q(scope: UserScope) -> Q:
    """Organisations whose register the user keeps (a ``Q`` on ``Organization``)."""
    if scope.is_admin:
        return Q()
    q = NOTHING
    if scope.coordinator_organizations:
        q |= Q(pk__in=scope.coordinator_organizations)
    if scope.leader_projects:
        q |= Q(owned_projects__in=scope.leader_projects) | Q(partner_projects__in=scope.leader_projects)
    return q


def keeping_organizations(user: "Actor") -> "QuerySet[Organization, Any]":
    """The organisations ``user`` may keep employers for (the choices of a new employer)."""
    scope = scope_of(user)
    if not scope.has_personal_data_access:
        return Organization.objects.none()
    return Organization.objects.filter(_organizations_q(scope)).distinct().order_by("name")


def employer_rule(path: str = "") -> Any:
    """The row rule of a model whose employer is reached through ``path`` (``""``: the employer)."""
    organization = f"{path}organization" if path else "organization"

    def rule(scope: UserScope, action: str) -> Q:
        if scope.is_admin:
            return Q()
        if not scope.has_personal_data_access:
            return NOTHING
        return Q(**{f"{organization}__in": Organization.objects.filter(_organizations_q(scope)).values("pk")})

    return rule


def register() -> None:
    register_rule("employers.Employer", employer_rule())
    register_rule("employers.ContactPerson", employer_rule("employer__"))
    register_rule("employers.Agreement", employer_rule("employer__"))
    register_rule("employers.EmployerContact", employer_rule("employer__"))
