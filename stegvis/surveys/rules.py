"""Row rules of the surveys app, registered with :func:`stegvis.core.access.register_rule`.

- Links belong to an enrolment: the enrolment's rule.
- Responses and their answers: an anonymous one belongs to no one, so staff with personal-data
  access to its project (administrators, the project's leader and coordinators) may read it,
  which is what lets them read free texts; evaluators never (they get aggregates through
  reports). A named one is personal data of its enrolment: the enrolment's rule.
"""

from django.db.models import Q

from stegvis.core.access import REPORT, VIEW
from stegvis.organizations.access import project_q
from stegvis.participants.access import enrollment_q
from stegvis.surveys.models import Mode

_NOTHING = Q(pk__in=[])


def response_rule(prefix=""):
    def rule(scope, action):
        if scope.is_admin:
            return Q()
        if action == REPORT:
            return _NOTHING
        anonymous = Q(**{f"{prefix}mode": Mode.ANONYMOUS}) & project_q(scope, VIEW, path=f"{prefix}project")
        named = Q(**{f"{prefix}mode": Mode.NAMED}) & enrollment_q(
            scope, action, prefix=f"{prefix}enrollment__"
        )
        return anonymous | named

    return rule


def register_rules():
    from stegvis.core.access import register_rule
    from stegvis.participants.access import enrollment_rule

    register_rule("surveys.SurveyLink", enrollment_rule("enrollment"))
    register_rule("surveys.SurveyResponse", response_rule())
    register_rule("surveys.SurveyAnswer", response_rule("response__"))
