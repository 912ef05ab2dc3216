"""The API under the URL walk (merged into it): a browser login opens nothing but the documentation
and, for administrators, the token pages.

The walk logs in with a session; the API reads only tokens, so every endpoint answers 401 to every
role there. What each role may do with a token is ``test_access_matrix.py``'s. The OAuth 2 token
endpoint answers only POST (405 to the walk's GET).
"""

import uuid

from stegvis.api.actions import create_token
from stegvis.core.tests.roles import ADMIN_ONLY, PUBLIC, anna, anna_enrollment, helhetslyftet, statuses

NEEDS_TOKEN = statuses(default=401, anonymous=401)
ONLY_POST = statuses(default=405, anonymous=405)


def kungsbacka(w):
    return {"code": w.orgs["kungsbacka"].code}


def a_token(w):
    """A token of Kungsbacka's coordinator, made by the administrator (the page to revoke it)."""
    api_token, _token = create_token(w.users["admin"], w.users["coord_kba"], name="Power BI")
    return {"pk": api_token.pk}


def some_pk(w):
    return {"pk": 1}


def some_uuid(w):
    return {"pk": uuid.uuid4()}


def anna_consents(w):
    return {"enrollment_pk": w.enrollments["anna"].pk}


def a_consent(w):
    return {"enrollment_pk": w.enrollments["anna"].pk, "pk": 1}


EXPECTED = {
    "api:docs": (None, PUBLIC),
    "api:schema": (None, PUBLIC),
    "api:referrers": (None, NEEDS_TOKEN),
    "api:organization-list": (None, NEEDS_TOKEN),
    "api:organization-detail": (kungsbacka, NEEDS_TOKEN),
    "api:project-list": (None, NEEDS_TOKEN),
    "api:project-detail": (helhetslyftet, NEEDS_TOKEN),
    "api:project-report": (helhetslyftet, NEEDS_TOKEN),
    "api:need-group-list": (None, NEEDS_TOKEN),
    "api:need-group-detail": (some_pk, NEEDS_TOKEN),
    "api:person-list": (None, NEEDS_TOKEN),
    "api:person-detail": (anna, NEEDS_TOKEN),
    "api:enrollment-list": (None, NEEDS_TOKEN),
    "api:enrollment-detail": (anna_enrollment, NEEDS_TOKEN),
    "api:comparison": (None, NEEDS_TOKEN),
    "api:project-follow-up": (helhetslyftet, NEEDS_TOKEN),
    "api:project-sus": (helhetslyftet, NEEDS_TOKEN),
    "api:project-data-quality": (helhetslyftet, NEEDS_TOKEN),
    "api:organization-data-quality": (kungsbacka, NEEDS_TOKEN),
    "api:import-list": (None, NEEDS_TOKEN),
    "api:import-detail": (some_uuid, NEEDS_TOKEN),
    "api:measurement-list": (None, NEEDS_TOKEN),
    "api:measurement-detail": (some_pk, NEEDS_TOKEN),
    "api:intervention-list": (None, NEEDS_TOKEN),
    "api:intervention-detail": (some_pk, NEEDS_TOKEN),
    "api:contact-list": (None, NEEDS_TOKEN),
    "api:contact-detail": (some_pk, NEEDS_TOKEN),
    "api:plan-goal-list": (None, NEEDS_TOKEN),
    "api:plan-goal-detail": (some_pk, NEEDS_TOKEN),
    "api:plan-step-list": (None, NEEDS_TOKEN),
    "api:plan-step-detail": (some_pk, NEEDS_TOKEN),
    "api:enrollment-exit": (anna_enrollment, NEEDS_TOKEN),
    "api:enrollment-consent-list": (anna_consents, NEEDS_TOKEN),
    "api:enrollment-consent-detail": (a_consent, NEEDS_TOKEN),
    "api:enrollment-consent-withdraw": (a_consent, NEEDS_TOKEN),
    "api:oauth-token": (None, ONLY_POST),
    "api:token-list": (None, ADMIN_ONLY),
    "api:token-create": (None, ADMIN_ONLY),
    "api:token-revoke": (a_token, ADMIN_ONLY),
}
