"""Who may open the principles pages (merged into the URL walk).

Adaptations follow anna's enrolment. The checklist is read by everyone who reads Helhetslyftet's
report (evaluators too: no personal data) and changed by administrators and the project leader;
coordinators get 403, as on the project's other settings.
"""

from stegvis.core.tests.roles import ANNA, HELHETSLYFTET_REPORT, OK, anna_enrollment, helhetslyftet, statuses
from stegvis.principles.testing import anna_adaptation_kwargs

EXPECTED = {
    "principles:adaptation_create": (anna_enrollment, ANNA),
    "principles:adaptation_remove": (anna_adaptation_kwargs, ANNA),
    "principles:checklist": (helhetslyftet, HELHETSLYFTET_REPORT),
    "principles:checklist_edit": (helhetslyftet, statuses(admin=OK, leader=OK)),
}
