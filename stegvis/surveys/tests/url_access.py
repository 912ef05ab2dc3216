"""Who may open the pages of the surveys app (merged into the URL walk)."""

from stegvis.core.tests.roles import (
    ADMIN_ONLY,
    ANNA,
    HELHETSLYFTET_REPORT,
    MISSING,
    OK,
    PERSONAL_DATA_PAGES,
    anna_enrollment,
    helhetslyftet,
    statuses,
)

EXPECTED = {
    "surveys:survey_list": (None, ADMIN_ONLY),
    "surveys:survey_detail": (lambda w: {"code": "slutenkat", "version": 1}, ADMIN_ONLY),
    "surveys:results": (helhetslyftet, HELHETSLYFTET_REPORT),
    # Leaders and administrators change the settings; the project's coordinators may not (403),
    # a coordinator outside the project does not see it (404).
    "surveys:project_settings": (helhetslyftet, statuses(admin=OK, leader=OK, coord_spik=MISSING)),
    "surveys:courses": (helhetslyftet, HELHETSLYFTET_REPORT),
    "surveys:course_create": (helhetslyftet, statuses(admin=OK, leader=OK, coord_spik=MISSING)),
    "surveys:create_link": (anna_enrollment, ANNA),
    "surveys:due": (None, PERSONAL_DATA_PAGES),
    # The participant's pages need no login; a made-up token is 404 for everyone, logged in or not.
    "surveys:answer": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
    "surveys:thanks": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
}
