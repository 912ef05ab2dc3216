"""Logging in to Min sida with e-legitimation (BankID, Freja eID) through an OpenID Connect broker.

allauth's OpenID Connect provider runs the protocol (discovery, the authorization-code flow with
PKCE and a state kept in the session, the token exchange, the ID token's issuer, audience and
expiry, the user info), but as an app of its own that is not one of ``SOCIALACCOUNT_PROVIDERS``:
the staff login page never shows it, the staff adapter never sees its logins, and no staff
account or ``SocialAccount`` row is made. What a login means is decided here:

- The configured claim (``STEGVIS_MINSIDA_OIDC_CLAIM``) must hold a personnummer that names
  exactly one participant held in Stegvis (not merged away, not anonymised). The number is
  compared with the stored, normalised personnummer only.
- **Protected identities are never matched**: Stegvis stores no personnummer for them
  (``Person.protected_identity``), so their number finds nobody and the login is refused like an
  unknown one. They open Min sida with a link from their coordinator. (Matching them would need
  the number stored, which is what protecting the identity avoids.)
- The session shows the person's ongoing enrolments (started, not ended) made by organisations
  that allow e-legitimation (``Organization.minsida_eid``); with none, the login is refused.
- When ``STEGVIS_MINSIDA_OIDC_ACR`` is set the broker is asked for that level of assurance and
  the ID token's ``acr`` must be one of its values.

Every login and every refusal is audited; a refusal never writes the personnummer.
"""

import datetime
import logging
from typing import Any

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.urls import reverse
from requests import RequestException

from stegvis.minsida.eid_settings import PROVIDER_ID, EidSettings
from stegvis.organizations.models import Organization
from stegvis.participants import personnummer
from stegvis.participants.models import Enrollment, Person

logger = logging.getLogger("stegvis.minsida")

# Why a login was refused (the audit entry says it in Swedish; the participant gets one message).
NO_CLAIM = "inloggningstjänsten skickade inget personnummer"
NOT_A_NUMBER = "värdet är inget personnummer"
NOT_FOUND = "ingen deltagare har personnumret"
NO_ENROLLMENT = "ingen pågående inskrivning i en organisation som använder e-legitimation"
WRONG_LEVEL = "för låg tillitsnivå (acr)"
FAILED = "inloggningen misslyckades"
CANCELLED = "avbruten"


class Refused(Exception):
    """The login gives no Min sida session; ``reason`` is one of the texts above."""

    def __init__(self, reason: str, person: Person | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.person = person


def configured() -> EidSettings | None:
    return getattr(settings, "MINSIDA_OIDC", None)


def available() -> bool:
    """Whether the login button is offered: a broker is configured and an organisation uses it."""
    return configured() is not None and Organization.objects.filter(minsida_eid=True).exists()


class _Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's adapter for this broker: its own provider object and Min sida's redirect URI."""

    def __init__(self, request: Any, provider: "_Provider") -> None:
        self._provider = provider
        super().__init__(request, PROVIDER_ID)

    def get_provider(self) -> "_Provider":
        return self._provider

    def get_callback_url(self, request: Any, app: SocialApp) -> str:
        return build_absolute_uri(request, reverse("minsida:eid_callback"), self.redirect_uri_protocol)


class _Provider(OpenIDConnectProvider):
    def get_oauth2_adapter(self, request: Any) -> _Adapter:
        return _Adapter(request, self)


def _provider(request: Any, eid: EidSettings) -> _Provider:
    app = SocialApp(
        provider=OpenIDConnectProvider.id,
        provider_id=PROVIDER_ID,
        name=eid.name,
        client_id=eid.client_id,
        secret=eid.secret,
        settings=eid.app_settings(),
    )
    return _Provider(request, app=app)


def redirect_to_broker(request: Any):
    """The answer to the login button: a redirect to the broker, with the state kept in the session."""
    eid = configured()
    assert eid is not None
    return _provider(request, eid).redirect(request, process="login")


def claims_from_callback(request: Any) -> dict[str, list[str]]:
    """The claims of a finished login at the broker (ID token first, then user info), each as a list.

    Raises :class:`Refused` for a cancelled or failed login, an unknown or reused state, and a
    token without the required level of assurance.
    """
    eid = configured()
    assert eid is not None
    provider = _provider(request, eid)
    state_id = request.GET.get("state", "")
    try:
        state = provider.unstash_redirect_state(request, state_id) if state_id else None
    except PermissionDenied:
        state = None
    if state is None:
        raise Refused(FAILED)
    if "error" in request.GET or "code" not in request.GET:
        raise Refused(CANCELLED if request.GET.get("error") == "access_denied" else FAILED)
    adapter = provider.get_oauth2_adapter(request)
    app = provider.app
    try:
        client = adapter.get_client(request, app)
        token_data = adapter.get_access_token_data(
            request, app, client, pkce_code_verifier=state.get("pkce_code_verifier")
        )
        token = adapter.parse_token(token_data)
        login = adapter.complete_login(request, app, token, response=token_data)
    except (
        OAuth2Error,
        RequestException,
        ProviderException,
        PermissionDenied,
        ValueError,
        KeyError,
    ) as error:
        logger.warning("Min sida: e-legitimation login failed: %s", error)
        raise Refused(FAILED) from None
    data = login.account.extra_data or {}
    id_token, userinfo = data.get("id_token") or {}, data.get("userinfo") or {}
    if id_token and userinfo and userinfo.get("sub") not in (None, id_token.get("sub")):
        logger.warning("Min sida: e-legitimation user info is about another subject than the ID token")
        raise Refused(FAILED)
    if eid.acr_values and id_token.get("acr") not in eid.acr_values:
        raise Refused(WRONG_LEVEL)
    claims: dict[str, list[str]] = {}
    for source in (id_token, userinfo):
        for name, value in source.items():
            values = value if isinstance(value, (list, tuple)) else [value]
            claims.setdefault(name, []).extend(str(v) for v in values if v not in (None, ""))
    return claims


def match(
    claims: dict[str, list[str]], claim: str, today: datetime.date | None = None
) -> tuple[Person, list[int]]:
    """The one participant the personnummer claim names, and their enrolments Min sida may show."""
    today = today or datetime.date.today()
    values = {value.strip() for value in claims.get(claim, []) if value.strip()}
    if not values:
        raise Refused(NO_CLAIM)
    numbers = set()
    for value in values:
        try:
            numbers.add(personnummer.parse(value, today).number)
        except ValidationError:
            raise Refused(NOT_A_NUMBER) from None
    if len(numbers) != 1:
        raise Refused(NOT_A_NUMBER)
    people = list(
        Person.objects.filter(
            personnummer=numbers.pop(),
            protected_identity=False,
            merged_into__isnull=True,
            anonymised_at__isnull=True,
        )[:2]
    )
    if len(people) != 1:
        raise Refused(NOT_FOUND)
    person = people[0]
    enrollment_ids = list(
        Enrollment.objects.filter(person=person, organization__minsida_eid=True, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("pk", flat=True)
    )
    if not enrollment_ids:
        raise Refused(NO_ENROLLMENT, person=person)
    return person, enrollment_ids
