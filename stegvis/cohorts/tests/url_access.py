"""Who may open the start-group pages (merged into the URL walk).

The list and the new-group page are for everyone with personal-data access (evaluators 403).
A group of Helhetslyftet run by Kungsbacka is seen by everyone in the project (Mölndal's
coordinator too, with only bo named); it is changed by the administrator, the project leader and
Kungsbacka's coordinator. SPiK's coordinator gets 404 (the group does not exist for them).
"""

from stegvis.cohorts.testing import cohort_kwargs, member_kwargs, session_kwargs
from stegvis.core.tests.roles import MISSING, OK, PERSONAL_DATA_PAGES, helhetslyftet, statuses

PROJECT_MEMBERS = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING)
RUNNING_ORG = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING)

EXPECTED = {
    "cohorts:list": (None, PERSONAL_DATA_PAGES),
    "cohorts:create": (helhetslyftet, PROJECT_MEMBERS),
    "cohorts:detail": (cohort_kwargs, PROJECT_MEMBERS),
    "cohorts:edit": (cohort_kwargs, RUNNING_ORG),
    "cohorts:session_create": (cohort_kwargs, RUNNING_ORG),
    "cohorts:member_add": (cohort_kwargs, RUNNING_ORG),
    "cohorts:member_edit": (member_kwargs, RUNNING_ORG),
    "cohorts:session_edit": (session_kwargs, RUNNING_ORG),
    "cohorts:attendance": (session_kwargs, RUNNING_ORG),
}
