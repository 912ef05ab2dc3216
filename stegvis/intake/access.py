"""Who sees self-referrals, and who manages the public pages (registered in ``IntakeConfig.ready``).

Intake staff of a page are:

- administrators: every page and request;
- project leaders: the pages tied to their project and the requests sent through them;
- coordinators: the pages of their organisation and the requests sent through them; a
  coordinator limited to one project sees the organisation's pages for that project and the
  pages tied to no project (the organisation's general intake).

Evaluators see no request (they are personal data) and figures only through the report.
Changing a page (its address, text, whether it is open) is for administrators and for the
leaders of the page's project; coordinators may open a page's poster and QR code to print it.
"""

from django.db.models import Q

from stegvis.core.access import CHANGE, REPORT, scope_of

NOTHING = Q(pk__in=[])


def _intake_staff_q(scope, prefix=""):
    """Rows whose page (reached through ``prefix``) the scope's roles make it intake staff of.

    Deliberately not :func:`stegvis.organizations.access.works_on_q`: a page may name no project
    (the organisation's general intake), which a coordinator limited to one project still
    serves, and a coordinator for all the organisation's projects serves every page of the
    organisation without the owner-or-partner condition on the page's project.
    """
    q = NOTHING
    if scope.leader_projects:
        q |= Q(**{f"{prefix}project_id__in": scope.leader_projects})
    for org_id, project_id in scope.coordinator_scopes:
        term = Q(**{f"{prefix}organization_id": org_id})
        if project_id is not None:
            term &= Q(**{f"{prefix}project__isnull": True}) | Q(**{f"{prefix}project_id": project_id})
        q |= term
    return q


def request_rule(scope, action):
    if scope.is_admin:
        return Q()
    if action == REPORT:
        return NOTHING  # requests are personal data; the report aggregates through the project
    return _intake_staff_q(scope, "page__")


def attempt_rule(scope, action):
    if scope.is_admin:
        return Q()
    if action == REPORT:
        return NOTHING
    return _intake_staff_q(scope, "request__page__")


def page_rule(scope, action):
    if scope.is_admin:
        return Q()
    if action == REPORT:
        return NOTHING
    if action == CHANGE:
        return Q(project_id__in=scope.leader_projects) if scope.leader_projects else NOTHING
    return _intake_staff_q(scope)


def may_manage_pages(user):
    """Administrators and project leaders create pages (a leader only for their own projects)."""
    scope = scope_of(user)
    return scope.is_admin or bool(scope.leader_projects)


def register():
    from stegvis.core.access import register_rule

    register_rule("intake.IntakeRequest", request_rule)
    register_rule("intake.CallbackAttempt", attempt_rule)
    register_rule("intake.IntakePage", page_rule)
