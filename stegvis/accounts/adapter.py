"""How allauth behaves in Stegvis: staff accounts only, Swedish messages, axes counts the failures.

allauth is configured through this adapter (``ACCOUNT_ADAPTER``) rather than by patching it:

- nobody signs up: administrators create staff accounts (``stegvis staff``, the administration
  pages);
- failed passwords are counted by django-axes alone (:mod:`stegvis.accounts.lockout`), so
  allauth's own per-login-name limit is skipped for passwords (it still limits wrong
  two-factor codes);
- a deactivated account gets the same answer as a wrong password, as before;
- a login in the last few minutes (with the password, or through the organisation's identity
  provider) counts as having confirmed the password, so a user sent to set up two-factor login
  right after logging in is not asked for the password twice;
- the client's address comes from :func:`stegvis.core.client.client_address`, like the
  lock-out's;
- an e-mail that cannot be handed over is logged, never shown: a password-reset page that
  failed only for existing addresses would tell which addresses exist.
"""

import logging
import smtplib
import time
from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from stegvis.core.client import client_address

log = logging.getLogger(__name__)

#: Messages allauth would show after every login and logout; Stegvis shows none, as before.
_QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


def reset_link_minutes() -> int:
    """How long the link in a password-reset e-mail works (``PASSWORD_RESET_TIMEOUT``), in minutes."""
    return int(settings.PASSWORD_RESET_TIMEOUT) // 60


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _(
            "Fel användarnamn eller lösenord. Efter flera misslyckade försök spärras inloggningen en stund."
        ),
        "too_many_login_attempts": _("För många felaktiga koder. Vänta några minuter och försök igen."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Skip allauth's count of failed passwords: django-axes keeps the one count."""

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        """allauth's authentication, with a deactivated account answered like a wrong password."""
        user: AbstractBaseUser | None = super().authenticate(request, **credentials)
        if user is not None and not user.is_active:
            return None
        return user

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """As allauth, except within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` of the login itself."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request or allauth_context.request
        records = get_authentication_records(request, request.user) if request is not None else []
        methods = {*allauth_settings.REAUTHENTICATION_METHODS, "socialaccount"}  # an IdP's login counts too
        logins = [r["at"] for r in records if r.get("method") in methods]
        return not logins or time.time() - max(logins) >= allauth_settings.REAUTHENTICATION_TIMEOUT

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request) or super().get_client_ip(request)

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        if message_template in _QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {**context, "password_reset_minutes": reset_link_minutes()}
        try:
            super().send_mail(template_prefix, email, context)
        except (smtplib.SMTPException, OSError):
            log.warning("Could not send the e-mail %s.", template_prefix, exc_info=True)
