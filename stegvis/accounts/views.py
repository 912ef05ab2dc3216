"""The login pages: allauth's views with the access rule each page declares, and two of Stegvis' own.

allauth's views do the work (login with its two-factor step, logout, password change and
reset, setting up the authenticator app and recovery codes); the subclasses here only declare
who may open them (``access_rule``, see :mod:`stegvis.core.access`) and give a page what its
Swedish template needs. Stegvis' own pages are the administrator's view of a staff member's
two-factor login (to reset it after a lost phone) and the lock-out page.
"""

from typing import Any, TypeVar

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic.base import ContextMixin, View

from stegvis.accounts import actions
from stegvis.accounts.adapter import reset_link_minutes
from stegvis.accounts.policy import two_factor_required
from stegvis.core.access import Rule, access_rule
from stegvis.core.errors import ActionError

_View = TypeVar("_View", bound=type[View])


def with_rule(view: _View, rule: Rule) -> _View:
    """allauth's ``view`` as it is, declaring who may open it (see :mod:`stegvis.core.access`)."""
    return type(view.__name__, (view,), {"access_rule": rule, "__module__": __name__})  # type: ignore[return-value]


# --- Logging in and out (anyone) -----------------------------------------------------------------


LoginView = with_rule(account_views.LoginView, Rule.PUBLIC)
LogoutView = with_rule(account_views.LogoutView, Rule.PUBLIC)
AccountInactiveView = with_rule(account_views.AccountInactiveView, Rule.PUBLIC)
#: The second step of a login: a code from the app, or a recovery code.
AuthenticateView = with_rule(mfa_views.AuthenticateView, Rule.PUBLIC)


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
