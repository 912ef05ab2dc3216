"""Who may open the pages of follow-up after exit (merged into the URL walk)."""

from stegvis.core.tests.roles import ANNA, PERSONAL_DATA_PAGES, anna_enrollment
from stegvis.outcomes.testing import anna_follow_up_kwargs

EXPECTED = {
    "outcomes:due_list": (None, PERSONAL_DATA_PAGES),
    "outcomes:create": (anna_enrollment, ANNA),
    "outcomes:edit": (anna_follow_up_kwargs, ANNA),
}
