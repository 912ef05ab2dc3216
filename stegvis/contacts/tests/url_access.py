"""Who may open the contacts pages (merged into the URL walk)."""

from stegvis.contacts.testing import (
    anna_contact_kwargs,
    anna_meeting_kwargs,
    anna_support_follow_up_kwargs,
    anna_support_kwargs,
)
from stegvis.core.tests.roles import ANNA, PERSONAL_DATA_PAGES, anna_enrollment

EXPECTED = {
    # Everyone with personal-data access has a page of their own contacts (the form needs a caseload).
    "contacts:mine": (None, PERSONAL_DATA_PAGES),
    "contacts:log": (anna_enrollment, ANNA),
    "contacts:edit": (anna_contact_kwargs, ANNA),
    "contacts:delete": (anna_contact_kwargs, ANNA),
    "contacts:meetings": (anna_enrollment, ANNA),
    "contacts:meeting_create": (anna_enrollment, ANNA),
    "contacts:meeting_edit": (anna_meeting_kwargs, ANNA),
    "contacts:support_create": (anna_enrollment, ANNA),
    "contacts:support": (anna_support_kwargs, ANNA),
    "contacts:support_edit": (anna_support_kwargs, ANNA),
    "contacts:support_end": (anna_support_kwargs, ANNA),
    "contacts:support_follow_up_edit": (anna_support_follow_up_kwargs, ANNA),
}
