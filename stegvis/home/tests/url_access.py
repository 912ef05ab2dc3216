"""Who may open the start page (merged into the URL walk)."""

from stegvis.core.tests.roles import ANY_ROLE

EXPECTED = {
    "home": (None, ANY_ROLE),
}
