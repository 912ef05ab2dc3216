"""Who may open the notifications pages (merged into the URL walk)."""

from stegvis.core.tests.roles import ADMIN_ONLY, PERSONAL_DATA_PAGES

EXPECTED = {
    # The log itself is restricted row by row; the page is for everyone who works with personal data.
    "notifications:log": (None, PERSONAL_DATA_PAGES),
    # Each user's own choice of reminder e-mails.
    "notifications:preferences": (None, PERSONAL_DATA_PAGES),
    "notifications:worker": (None, ADMIN_ONLY),
}
