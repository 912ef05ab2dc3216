"""Who may open the consent pages (merged into the URL walk)."""

from stegvis.consent.testing import anna_consent_kwargs
from stegvis.core.tests.roles import (
    ANNA,
    HELHETSLYFTET_REPORT,
    PERSONAL_DATA_PAGES,
    anna_enrollment,
    helhetslyftet,
)

EXPECTED = {
    "consent:missing": (None, PERSONAL_DATA_PAGES),
    "consent:create": (anna_enrollment, ANNA),
    "consent:withdraw": (anna_consent_kwargs, ANNA),
    "consent:project": (helhetslyftet, HELHETSLYFTET_REPORT),
}
