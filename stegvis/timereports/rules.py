"""Row rules of time reports, registered with :mod:`stegvis.core.access` from ``apps.py``.

- A participant's month and its hours are personal data and follow their enrolment: the
  coordinators of the enrolling organisation, the project's leaders and administrators see and
  change them; evaluators see none (their figures are aggregates, :mod:`stegvis.timereports.figures`).
- Unlocking a reported month is for the project's leaders and administrators only
  (:func:`may_unlock`): the coordinator who signed and reported it does not undo it alone.
- Staff time is the staff member's own (they see and change their rows), and their managers':
  the project's leaders and administrators, who alone sign it off (:func:`may_sign_staff_time`),
  never their own.
"""

from typing import TYPE_CHECKING

from django.db.models import Q

from stegvis.core.access import NOTHING, REPORT, UserScope, scope_of

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def staff_time_rule(scope: UserScope, action: str) -> Q:
    if scope.is_admin:
        return Q()
    q = Q(project_id__in=scope.leader_projects) if scope.leader_projects else NOTHING
    if action != REPORT and scope.has_personal_data_access and scope.user_id is not None:
        q |= Q(staff_id=scope.user_id)
    return q


def is_manager(user: "Actor", project_id: int) -> bool:
    """Administrators and the project's leaders: who signs off time and unlocks months."""
    scope = scope_of(user)
    return scope.is_admin or project_id in scope.leader_projects


def may_unlock(user: "Actor", project_id: int) -> bool:
    """Whether ``user`` may unlock a reported month of the project (``None``, the system, may)."""
    return user is None or is_manager(user, project_id)


def may_sign_staff_time(user: "Actor", project_id: int, staff_id: int) -> bool:
    """A manager of the project, for someone else's time (the system, ``None``, may too)."""
    if user is None:
        return True
    return is_manager(user, project_id) and user.pk != staff_id
