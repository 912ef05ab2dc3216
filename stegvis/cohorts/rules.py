"""Row rules of start groups, registered with :mod:`stegvis.core.access` from ``apps.py``.

- A start group itself (name, dates, place, leaders) is not personal data: everyone with
  personal-data access to its project sees it (administrators, the project's leaders, and
  coordinators of the project's organisations). Evaluators see none.
- Changing a start group (its details, sessions, members and attendance) is for administrators,
  the project's leaders and coordinators of the organisation that runs the group; that is the
  rule an enrolment of the same project and organisation has, so it is reused as it is.
- Members and attendance are personal data and follow their enrolment.
"""

from django.db.models import Q

from stegvis.core.access import CHANGE, REPORT, VIEW, _enrollment_filter, _project_filter


def cohort_rule(scope, action, prefix=""):
    if scope.is_admin:
        return Q()
    if action == CHANGE:
        return _enrollment_filter(scope, CHANGE, prefix=prefix)
    from stegvis.organizations.models import Project

    projects = Project.objects.filter(_project_filter(scope, REPORT if action == REPORT else VIEW)).values("pk")
    return Q(**{f"{prefix}project_id__in": projects})


def session_rule(scope, action):
    return cohort_rule(scope, action, prefix="cohort__")
