"""The report a user is shown in the browser: small numbers hidden always for evaluators, on request
for everyone else (docs/reports.md, "Små tal").

Every page and download built on the report asks here, so the rule is stated once:

- a user whose access to the project is as evaluator (and who is neither administrator nor the
  project's leader) always gets the suppressed report, on every page and in every download;
- anyone else gets the raw figures unless the request carries ``suppress_small=1`` (the checkbox
  "Dölj små tal" beside the downloads; the same parameter works for the JSON and the exports);
- N is the project owner organisation's minimum cell size;
- a comparison of projects is suppressed, every project in it, when one of them would be for the
  user, or when the user does not see the records of one of them (:func:`comparison_always_suppressed`).

A suppressed report is always the whole report (every section) for the parameters asked, then
suppressed: the secondary suppression follows relations across sections (what works adds up to
the report's totals), so a page that computed only its own section would hide fewer cells than
the JSON of the same dates and the two together could give a hidden cell back. Pages for users
who get raw figures keep computing only what they show.
"""

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest

from stegvis.core.access import scope_of
from stegvis.organizations.access import sees_records_of
from stegvis.organizations.models import Project
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import project_min_cell, suppress

SUPPRESS_PARAM = "suppress_small"


@dataclass(frozen=True)
class Suppression:
    """What a page tells about small numbers: N, whether they are hidden, and whether by choice."""

    project: Project
    applied: bool
    forced: bool  # always, for this user; the page offers no choice

    @cached_property
    def min_cell(self) -> int:
        """N, read only when used (the owner organisation is one more query unless already loaded)."""
        return project_min_cell(self.project)

    @property
    def param(self) -> dict[str, str]:
        """The GET parameter that asks a download for the same (chosen) suppression, or nothing."""
        return {SUPPRESS_PARAM: "1"} if self.applied and not self.forced else {}


def always_suppressed(user, project: Project) -> bool:
    """Whether ``user`` sees ``project``'s figures as an evaluator: aggregates only, always suppressed.

    Administrators and the project's leaders see every record anyway. A coordinator who is also
    the project's evaluator sees only their organisation's records, so the project's figures are
    suppressed for them too. No query: the roles are cached on the user.
    """
    scope = scope_of(user)
    if scope.is_admin or project.pk in scope.leader_projects:
        return False
    return scope.evaluator_all or project.pk in scope.evaluator_projects


def comparison_always_suppressed(user, projects) -> bool:
    """Whether a comparison of ``projects`` is shown to ``user`` with small numbers hidden, always.

    So it is when one of the projects' figures is always suppressed for the user (an evaluator),
    or when the user does not see the records of one of them (a comparison across organisations:
    :func:`stegvis.organizations.access.sees_records_of`); then every project in it is suppressed,
    so no project stands out as the one whose small numbers are shown.
    """
    scope = scope_of(user)
    return any(always_suppressed(user, p) or not sees_records_of(scope, p) for p in projects)


def comparison_suppressions(user, projects, chosen: bool) -> list[Suppression]:
    """The suppression of each of ``projects`` in ``user``'s comparison (each with its own N);
    ``chosen`` is the user's own choice ("Dölj små tal")."""
    forced = comparison_always_suppressed(user, projects)
    return [Suppression(project, forced or chosen, forced) for project in projects]


def suppression_for(request: HttpRequest, project: Project) -> Suppression:
    """The suppression of ``request`` on ``project``'s figures (see the module docstring)."""
    forced = always_suppressed(request.user, project)
    chosen = request.GET.get(SUPPRESS_PARAM) == "1"
    return Suppression(project, forced or chosen, forced)


def shown(report: dict, suppression: Suppression) -> dict:
    """``report`` as the user is shown it: suppressed with N when the suppression applies."""
    return suppress(report, suppression.min_cell) if suppression.applied else report


def report_shown(
    request: HttpRequest, project: Project, *, sections=None, **params
) -> tuple[dict, Suppression]:
    """``build_report(project, **params)`` as ``request``'s user is shown it, and its suppression.

    ``sections`` limits the sections computed for raw figures only; a suppressed report is whole.
    """
    suppression = suppression_for(request, project)
    if suppression.applied:
        return shown(build_report(project, **params), suppression), suppression
    return build_report(project, sections=sections, **params), suppression
