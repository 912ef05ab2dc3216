"""Who may open the privacy pages (merged into :mod:`stegvis.core.tests.test_url_access`)."""

from stegvis.core.tests.roles import ADMIN_ONLY

EXPECTED = {
    "privacy:extract": (None, ADMIN_ONLY),
}
