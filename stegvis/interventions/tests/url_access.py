"""Who may open the intervention pages (merged into the URL walk).

The catalogue is read by everyone who works with the project's participants (Helhetslyftet:
admin, leader and both coordinators; SPiK's coordinator gets 404) and changed only by
administrators and the project leader. Pages about anna's interventions follow her enrolment.
"""

from stegvis.core.tests.roles import ANNA, MISSING, OK, PERSONAL_DATA_PAGES, anna_enrollment, statuses
from stegvis.interventions.testing import (
    anna_placement_kwargs,
    anna_praktik_kwargs,
    catalogue_entry_kwargs,
    catalogue_kwargs,
)

CATALOGUE_READ = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING)
CATALOGUE_CHANGE = statuses(admin=OK, leader=OK, coord_kba=MISSING, coord_mdl=MISSING, coord_spik=MISSING)

EXPECTED = {
    "interventions:catalogue_index": (None, PERSONAL_DATA_PAGES),
    "interventions:catalogue": (catalogue_kwargs, CATALOGUE_READ),
    "interventions:catalogue_create": (catalogue_kwargs, CATALOGUE_CHANGE),
    "interventions:catalogue_edit": (catalogue_entry_kwargs, CATALOGUE_CHANGE),
    "interventions:participation_create": (anna_enrollment, ANNA),
    "interventions:participation_edit": (anna_praktik_kwargs, ANNA),
    "interventions:placement_create": (anna_praktik_kwargs, ANNA),
    "interventions:placement_detail": (anna_placement_kwargs, ANNA),
    "interventions:placement_edit": (anna_placement_kwargs, ANNA),
    "interventions:placement_follow_up": (anna_placement_kwargs, ANNA),
}
