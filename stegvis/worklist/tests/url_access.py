"""Who may open the worklist (merged into the URL walk)."""

from stegvis.core.tests.roles import PERSONAL_DATA_PAGES

EXPECTED = {
    # Everyone with personal-data access has a worklist (their own enrolments by default); evaluators do not.
    "worklist:index": (None, PERSONAL_DATA_PAGES),
}
