"""Who may open the privacy pages (merged into the URL walk): administrators only."""

from stegvis.core.tests.roles import ADMIN_ONLY

EXPECTED = {
    "privacy:index": (None, ADMIN_ONLY),
    "privacy:rule": (lambda w: {"code": w.orgs["kungsbacka"].code}, ADMIN_ONLY),
    "privacy:erasure": (None, ADMIN_ONLY),
    "privacy:extract": (None, ADMIN_ONLY),
}
