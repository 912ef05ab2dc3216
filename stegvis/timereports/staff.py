"""Who has staff time in a project: the staff of its organisations, and its leaders.

A coordinator works on the project for their organisation (their role names the project, or no
project and the organisation takes part in it); a project leader for the organisation their role
names or, when it names none, the project's owner. One query.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from stegvis.core.roles import Role
from stegvis.organizations.models import Organization, Project, StaffRole

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class StaffMember:
    user: "User"
    organization: Organization

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


def staff_members(project: Project) -> list[StaffMember]:
    """The project's staff, each with the organisation they work for, ordered by organisation and name."""
    roles = (
        StaffRole.objects.filter(user__is_active=True)
        .filter(
            Q(role=Role.PROJECT_LEADER, project=project)
            | Q(role=Role.COORDINATOR, project=project)
            | Q(role=Role.COORDINATOR, project__isnull=True, organization__in=project.organizations())
        )
        .select_related("user", "organization")
        .order_by("pk")
    )
    found: dict[tuple[int, int], StaffMember] = {}
    for role in roles:
        organization = role.organization or project.owner
        found.setdefault((role.user.pk, organization.pk), StaffMember(role.user, organization))
    return sorted(found.values(), key=lambda m: (m.organization.name, m.name.casefold(), m.user.pk))
