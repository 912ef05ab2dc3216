"""Who may open the intake pages (merged into the URL walk).

Requests and pages of Kungsbacka's page for Helhetslyftet: its intake staff are the
administrator, Helhetslyftet's project leader and Kungsbacka's coordinator; Mölndal's and
Växjö's coordinators get 404 as if it did not exist. Creating and changing pages is for
administrators and project leaders (a coordinator who may see the page gets 403).
"""

from stegvis.core.tests.roles import (
    ADMIN_ONLY,
    ANNA,
    DENIED,
    MISSING,
    OK,
    PERSONAL_DATA_PAGES,
    PUBLIC,
    statuses,
)
from stegvis.intake.testing import page_kwargs, public_kwargs, request_kwargs

EXPECTED = {
    "intake:form": (public_kwargs, PUBLIC),
    "intake:thanks": (public_kwargs, PUBLIC),
    "intake:privacy": (public_kwargs, PUBLIC),
    "intake:queue": (None, PERSONAL_DATA_PAGES),
    "intake:detail": (request_kwargs, ANNA),
    "intake:convert": (request_kwargs, ANNA),
    "intake:pages": (None, PERSONAL_DATA_PAGES),
    "intake:page_create": (None, statuses(admin=OK, leader=OK)),
    "intake:page_edit": (
        page_kwargs,
        statuses(admin=OK, leader=OK, coord_kba=DENIED, coord_mdl=MISSING, coord_spik=MISSING),
    ),
    "intake:poster": (page_kwargs, ANNA),
    "intake:retention": (lambda w: {"code": w.orgs["kungsbacka"].code}, ADMIN_ONLY),
}
