"""Audit entries for what happens to a login: two-factor login set up, removed, recovered; passwords.

allauth announces these with signals whatever page or flow caused them, so the entries are
written here, from the signals, rather than in each view. Each entry names the account (object
``auth.user``), the user who acted (the account holder themselves) and the address. An
administrator's reset of someone else's two-factor login is an action
(:func:`stegvis.accounts.actions.reset_two_factor`) and writes its own entry.
"""

from typing import TYPE_CHECKING, Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.client import client_address

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.http import HttpRequest


def _record(request: "HttpRequest | None", user: "User", detail: str, changes: dict[str, Any]) -> None:
    user._stegvis_ip = client_address(request) if request is not None else None  # type: ignore[attr-defined]
    record(user, AuditAction.UPDATE, user, changes=changes, detail=detail)


def _unused_codes(authenticator: Authenticator) -> int:
    authenticator.refresh_from_db()  # the instance a signal carries may predate the code's use
    return len(authenticator.wrap().get_unused_codes())


def on_authenticator_added(
    sender: Any, request: "HttpRequest", user: "User", authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        _record(
            request,
            user,
            _("Tvåfaktorsinloggning påslagen (autentiseringsapp)."),
            {"two_factor": [False, True]},
        )


def on_authenticator_removed(
    sender: Any, request: "HttpRequest", user: "User", authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type == Authenticator.Type.TOTP:
        _record(
            request, user, _("Tvåfaktorsinloggning avstängd av användaren."), {"two_factor": [True, False]}
        )


def on_authenticator_reset(
    sender: Any, request: "HttpRequest", user: "User", authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        _record(request, user, _("Nya reservkoder skapade; de gamla gäller inte längre."), {})


def on_authenticator_used(
    sender: Any, request: "HttpRequest", user: "User", authenticator: Authenticator, **kwargs: Any
) -> None:
    """Logging in with a recovery code is recorded (the authenticator app's codes are not)."""
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        left = _unused_codes(authenticator)
        _record(
            request,
            user,
            _("Inloggning med reservkod."),
            {"recovery_codes_unused": [left + 1, left]},
        )


def on_password_changed(sender: Any, request: "HttpRequest", user: "User", **kwargs: Any) -> None:
    _record(request, user, _("Lösenordet ändrat av användaren."), {})


def on_password_set(sender: Any, request: "HttpRequest", user: "User", **kwargs: Any) -> None:
    _record(request, user, _("Lösenord satt av användaren."), {})


def on_password_reset(sender: Any, request: "HttpRequest", user: "User", **kwargs: Any) -> None:
    _record(request, user, _("Lösenordet återställt med länk i e-post."), {})


def connect() -> None:
    """Called from ``AccountsConfig.ready()``."""
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid="stegvis-2fa-added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid="stegvis-2fa-removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid="stegvis-2fa-reset")
    mfa_signals.authenticator_used.connect(on_authenticator_used, dispatch_uid="stegvis-2fa-used")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid="stegvis-password-changed")
    account_signals.password_set.connect(on_password_set, dispatch_uid="stegvis-password-set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid="stegvis-password-reset")
