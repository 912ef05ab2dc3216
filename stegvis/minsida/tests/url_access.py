"""Who may open the pages of Min sida (merged into the URL walk).

The participant's pages need no staff login: without a Min sida session the start page, the
language choice and the logged-out pages answer everyone, the rest refuse (403) with the page that
says how to open Min sida, and a made-up token is 404. The staff pages follow the enrolment.
"""

from stegvis.core.tests.roles import (
    ANNA,
    DENIED,
    MISSING,
    PERSONAL_DATA_PAGES,
    PUBLIC,
    anna_enrollment,
    statuses,
)

NOT_ALLOWED = 405
# Refused without a participant's session, whoever is logged in as staff.
NO_SESSION = statuses(default=DENIED, anonymous=DENIED)
# Staff forms that only take POST: a GET is 405 for those who may open the page at all.
STAFF_POST = statuses(
    admin=NOT_ALLOWED,
    leader=NOT_ALLOWED,
    coord_kba=NOT_ALLOWED,
    coord_mdl=NOT_ALLOWED,
    coord_spik=NOT_ALLOWED,
)


def some_pk(w):
    return {"pk": 1}


EXPECTED = {
    "minsida:home": (None, PUBLIC),
    "minsida:logout": (None, PUBLIC),
    "minsida:signed_out": (None, PUBLIC),
    "minsida:language": (None, PUBLIC),
    "minsida:step_done": (None, NO_SESSION),
    "minsida:withdraw": (some_pk, NO_SESSION),
    "minsida:self_assessment": (None, NO_SESSION),
    "minsida:eid_start": (None, statuses(default=NOT_ALLOWED, anonymous=NOT_ALLOWED)),
    # Without a broker configured the callback does not exist.
    "minsida:eid_callback": (None, statuses(default=MISSING, anonymous=MISSING)),
    "minsida:landing": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
    "minsida:create": (anna_enrollment, ANNA),
    "minsida:revoke": (some_pk, STAFF_POST),
    "minsida:requests": (None, PERSONAL_DATA_PAGES),
    "minsida:request_handled": (some_pk, STAFF_POST),
}
