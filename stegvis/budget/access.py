"""Who may read and change a project's budget: decided here, once.

A budget names no person, so it is read like the project's report: its leaders, the
coordinators of its organisations (owner and partners) and its evaluators (they read aggregates,
and a budget is nothing else); anyone else gets a 404, as for a project that does not exist.
Changing the budget, actual costs and rates is for administrators and the project's leaders
(the project's ``CHANGE`` rule); a reader who may not change it gets a 403.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from stegvis.core.access import CHANGE, REPORT, may
from stegvis.organizations.access import project_or_404
from stegvis.organizations.models import Project

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def may_change(user: "Actor", project: Project) -> bool:
    """Administrators and the project's leaders; ``None`` (the command line, the demo) always."""
    return user is None or may(user, CHANGE, project)


def readable_project(user: "Actor", code: str) -> Project:
    """The project ``code`` if ``user`` may read its budget, else a 404."""
    return project_or_404(user, code, REPORT)


def changeable_project(user: "Actor", code: str) -> Project:
    """The project ``code`` if ``user`` may change its budget: 404 when unreadable, else 403."""
    project = readable_project(user, code)
    if not may_change(user, project):
        raise PermissionDenied(_("Bara projektledare och administratörer kan ändra projektets budget."))
    return project
