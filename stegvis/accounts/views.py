"""The login pages: allauth's views with the access rule each page declares, and Stegvis' own.

allauth's views do the work (login with its two-factor step, logout, password change and
reset, setting up the authenticator app and recovery codes, single sign-on with OpenID Connect
and SAML); the subclasses here only declare who may open them (``access_rule``, see
:mod:`stegvis.core.access`) and give a page what its Swedish template needs. Stegvis' own pages
are the administrator's view of a staff member's two-factor login (to reset it after a lost
phone), the single sign-on page of the administration (providers and group mappings) and the
lock-out page.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic.base import ContextMixin, View

from stegvis.accounts import actions
from stegvis.accounts.adapter import reset_link_minutes
from stegvis.accounts.forms import GroupRoleMappingForm
from stegvis.accounts.models import GroupRoleMapping
from stegvis.accounts.policy import two_factor_required
from stegvis.accounts.sso_providers import configured_providers
from stegvis.core.access import Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form

_View = TypeVar("_View", bound=type[View])

log = logging.getLogger(__name__)


def with_rule(view: _View, rule: Rule) -> _View:
    """allauth's ``view`` as it is, declaring who may open it (see :mod:`stegvis.core.access`)."""
    return type(view.__name__, (view,), {"access_rule": rule, "__module__": __name__})  # type: ignore[return-value]


# --- Logging in and out (anyone) -----------------------------------------------------------------


LoginView = with_rule(account_views.LoginView, Rule.PUBLIC)
LogoutView = with_rule(account_views.LogoutView, Rule.PUBLIC)
AccountInactiveView = with_rule(account_views.AccountInactiveView, Rule.PUBLIC)
#: The second step of a login: a code from the app, or a recovery code.
AuthenticateView = with_rule(mfa_views.AuthenticateView, Rule.PUBLIC)


# --- Single sign-on (anyone: the way in) ---------------------------------------------------------


def provider_unreachable(request: HttpRequest) -> HttpResponse:
    """The Swedish page for a provider Stegvis cannot reach (its discovery document, its metadata)."""
    log.warning("The identity provider could not be reached.", exc_info=True)
    return render(request, "socialaccount/authentication_error.html", {"unreachable": True}, status=502)


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """allauth's function ``view`` of a provider, open to anyone; a provider out of reach gets a page."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OSError:  # urllib's and requests' errors are OSErrors
            return provider_unreachable(request)

    return access_rule(Rule.PUBLIC)(wrapped)


class ProviderReached(View):
    """A SAML view of allauth's, open to anyone; an identity provider out of reach gets a page."""

    access_rule = Rule.PUBLIC

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except OSError:
            return provider_unreachable(request)


oidc_login = public(oidc_views.login)
oidc_callback = public(oidc_views.callback)


class SamlLoginView(ProviderReached, saml_views.LoginView):
    pass


@method_decorator(csrf_exempt, name="dispatch")
class SamlAcsView(ProviderReached, saml_views.ACSView):
    """The identity provider posts its answer here (from its own site: no CSRF token, as in
    allauth); allauth carries it on to the finish page in a cookie of its own, since the browser
    sends no session cookie with a post from another site."""


class SamlFinishAcsView(ProviderReached, saml_views.FinishACSView):
    pass


@method_decorator(csrf_exempt, name="dispatch")
class SamlSlsView(ProviderReached, saml_views.SLSView):
    pass


class SamlMetadataView(ProviderReached, saml_views.MetadataView):
    """The service provider's metadata, for the identity provider's administrators (it names the
    identity provider too, so it needs the IdP's metadata)."""


LoginCancelledView = with_rule(social_views.LoginCancelledView, Rule.PUBLIC)
LoginErrorView = with_rule(social_views.LoginErrorView, Rule.PUBLIC)


# --- Password reset by e-mail (anyone) -----------------------------------------------------------


class ResetLinkMinutes(ContextMixin):
    """Pages that tell how long the link in the e-mail works."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["timeout_minutes"] = reset_link_minutes()
        return context


class PasswordResetView(ResetLinkMinutes, account_views.PasswordResetView):
    access_rule = Rule.PUBLIC


class PasswordResetDoneView(ResetLinkMinutes, account_views.PasswordResetDoneView):
    access_rule = Rule.PUBLIC


PasswordResetFromKeyView = with_rule(account_views.PasswordResetFromKeyView, Rule.PUBLIC)
PasswordResetFromKeyDoneView = with_rule(account_views.PasswordResetFromKeyDoneView, Rule.PUBLIC)


# --- One's own login (any logged-in user, with or without a role) --------------------------------


PasswordChangeView = with_rule(account_views.PasswordChangeView, Rule.ACCOUNT)
PasswordSetView = with_rule(account_views.PasswordSetView, Rule.ACCOUNT)
#: Asks for the password again before a change to the login (allauth: after 5 minutes).
ReauthenticateView = with_rule(account_views.ReauthenticateView, Rule.ACCOUNT)
MfaReauthenticateView = with_rule(mfa_views.ReauthenticateView, Rule.ACCOUNT)


class TwoFactorRequiredContext(ContextMixin):
    """Pages that say when the user must use two-factor login (``two_factor_required``)."""

    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["two_factor_required"] = two_factor_required(self.request)
        return context


class AccountIndexView(TwoFactorRequiredContext, mfa_views.IndexView):
    """The user's own login: password, authenticator app, recovery codes."""

    access_rule = Rule.ACCOUNT


@method_decorator(never_cache, name="dispatch")
class ActivateTOTPView(TwoFactorRequiredContext, totp_views.ActivateTOTPView):
    """Shows the new secret (as a QR code and as text): never kept in a cache."""

    access_rule = Rule.ACCOUNT


class DeactivateTOTPView(TwoFactorRequiredContext, totp_views.DeactivateTOTPView):
    access_rule = Rule.ACCOUNT


ViewRecoveryCodesView = with_rule(recovery_views.ViewRecoveryCodesView, Rule.ACCOUNT)
GenerateRecoveryCodesView = with_rule(recovery_views.GenerateRecoveryCodesView, Rule.ACCOUNT)


class DownloadRecoveryCodesView(recovery_views.DownloadRecoveryCodesView):
    access_rule = Rule.ACCOUNT

    def render_to_response(self, context: dict[str, Any], **response_kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().render_to_response(context, **response_kwargs)
        response["Content-Disposition"] = 'attachment; filename="stegvis-reservkoder.txt"'
        return response


# --- An administrator's view of someone's two-factor login ---------------------------------------


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def staff_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether a staff member has two-factor login, and a reset for when they lost their phone."""
    account = get_object_or_404(get_user_model(), pk=pk)
    next_url = reverse("accounts:staff_two_factor", args=[account.pk])
    if request.method == "POST":
        try:
            with transaction.atomic():
                actions.reset_two_factor(request.user, account, reason=request.POST.get("reason", "")[:200])
        except ActionError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Tvåfaktorsinloggningen för %(name)s är återställd. Vid nästa inloggning ställer hen in en ny app."
                )
                % {"name": account.username},
            )
        return redirect(next_url)
    authenticators = {a.type: a for a in Authenticator.objects.filter(user_id=account.pk)}
    recovery = authenticators.get(Authenticator.Type.RECOVERY_CODES)
    return render(
        request,
        "accounts/staff_two_factor.html",
        {
            "account": account,
            "totp": authenticators.get(Authenticator.Type.TOTP),
            "recovery_codes_left": len(recovery.wrap().get_unused_codes()) if recovery else None,
        },
    )


# --- Single sign-on in the administration: the providers and the groups that give roles ---------


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def sso_admin(request: HttpRequest) -> HttpResponse:
    """The configured providers (with the addresses to give their administrators) and the group mappings."""
    providers = configured_providers(request)
    next_url = reverse("accounts:sso_admin")
    sent = request.POST.get("form") if request.method == "POST" else None
    form = GroupRoleMappingForm(request.POST if sent == "add" else None, providers=providers)
    if sent == "add":
        done = run_action_form(
            request,
            form,
            lambda data: actions.save_group_mapping(
                request.user,
                organization=data["organization"],
                provider=data["provider"],
                group=data["group"],
                role=data["role"],
                project=data.get("project"),
            ),
            lambda mapping: (
                _("Gruppen %(group)s ger nu rollen från medlemmarnas nästa inloggning.")
                % {"group": mapping.group}
            ),
            lambda _mapping: next_url,
        )
        if done:
            return done
    elif sent == "remove":
        pk = request.POST.get("mapping", "")
        mapping = GroupRoleMapping.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
        if mapping is None:
            messages.error(request, _("Kopplingen finns inte längre."))
            return redirect(next_url)
        with transaction.atomic():
            taken = actions.remove_group_mapping(request.user, mapping)
        messages.success(
            request,
            _("Kopplingen för gruppen %(group)s är borttagen; %(n)d roller togs bort.")
            % {"group": mapping.group, "n": taken},
        )
        return redirect(next_url)
    names = {p.key: p.name for p in providers}
    mappings = GroupRoleMapping.objects.select_related("organization", "project").order_by(
        "organization__name", "provider", "group", "role"
    )
    return render(
        request,
        "accounts/sso_admin.html",
        {
            "providers": [(p, _addresses(request, p)) for p in providers],
            "mappings": [(m, names.get(m.provider, m.provider)) for m in mappings],
            "form": form,
        },
    )


def _addresses(request: HttpRequest, provider: Any) -> list[tuple[str, str]]:
    """What the provider's administrators need from Stegvis: (label, absolute address)."""
    app = provider.app
    if app.provider == "saml":
        slug = {"organization_slug": app.client_id}
        return [
            (
                _("Metadata (tjänsteleverantörens)"),
                request.build_absolute_uri(reverse("saml_metadata", kwargs=slug)),
            ),
            (
                _("Assertion Consumer Service (ACS, HTTP-POST)"),
                request.build_absolute_uri(reverse("saml_acs", kwargs=slug)),
            ),
            (
                _("Single Logout Service (HTTP-Redirect)"),
                request.build_absolute_uri(reverse("saml_sls", kwargs=slug)),
            ),
        ]
    callback = reverse("openid_connect_callback", kwargs={"provider_id": app.provider_id})
    return [(_("Omdirigerings-URI (redirect URI)"), request.build_absolute_uri(callback))]


# --- The lock-out page (django-axes' AXES_LOCKOUT_CALLABLE) --------------------------------------


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The answer to a locked-out login: why, for how long, and what to do (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else None
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
