"""Who may open the casework pages (merged into the URL walk).

Pages about anna's enrolment: Kungsbacka's coordinator, the project leader and administrators;
Mölndal's and SPiK's coordinators get 404, evaluators 403. The project's choice of areas:
administrators and the project leader; the project's coordinators 403, SPiK's 404.
"""

from stegvis.casework.testing import anna_goal_kwargs, anna_mapping_kwargs, anna_step_kwargs
from stegvis.core.tests.roles import ANNA, MISSING, OK, anna_enrollment, helhetslyftet, statuses

EXPECTED = {
    "casework:mapping": (anna_enrollment, ANNA),
    "casework:mapping_entry": (anna_mapping_kwargs, ANNA),
    "casework:plan": (anna_enrollment, ANNA),
    "casework:participant_plan": (anna_enrollment, ANNA),
    "casework:goal_create": (anna_enrollment, ANNA),
    "casework:goal_edit": (anna_goal_kwargs, ANNA),
    "casework:step_create": (anna_goal_kwargs, ANNA),
    "casework:step_edit": (anna_step_kwargs, ANNA),
    "casework:project_areas": (helhetslyftet, statuses(admin=OK, leader=OK, coord_spik=MISSING)),
}
