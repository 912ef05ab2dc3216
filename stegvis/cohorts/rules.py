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

from stegvis.core.access import CHANGE, REPORT, VIEW
from stegvis.organizations.access import project_q
from stegvis.participants.access import enrollment_q


def cohort_rule(scope, action, prefix=""):
    if scope.is_admin:
        return Q()
    if action == CHANGE:
        return enrollment_q(scope, CHANGE, prefix=prefix)
    return project_q(scope, REPORT if action == REPORT else VIEW, path=f"{prefix}project")


def session_rule(scope, action):
    return cohort_rule(scope, action, prefix="cohort__")
