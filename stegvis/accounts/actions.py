"""Writes to a staff member's login that someone else makes: an administrator's reset.

What users do to their own login (set up or turn off two-factor login, new recovery codes,
change or reset the password) goes through allauth's own flows and is audited from its
signals (:mod:`stegvis.accounts.audit_events`).
"""

from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import scope_of
from stegvis.core.errors import ActionError, NotAllowed

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.core.access import Actor


@transaction.atomic
def reset_two_factor(user: "Actor", account: "User", *, reason: str = "") -> int:
    """Remove ``account``'s authenticator app and recovery codes, e.g. after a lost phone.

    The staff member logs in with the password alone next time and, where two-factor login
    is required, must set up a new app before anything else. Only administrators (or the
    command line, ``user=None``) may; the entry in the audit log says who and why. Returns the
    number of authenticators removed; an account without any is refused with a message.
    """
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()
    authenticators = Authenticator.objects.select_for_update().filter(user_id=account.pk)
    kinds = sorted({authenticator.type for authenticator in authenticators})
    if not kinds:
        raise ActionError(
            _("%(name)s har ingen tvåfaktorsinloggning att återställa.") % {"name": account.username}
        )
    count, _deleted = authenticators.delete()
    detail = _("Tvåfaktorsinloggningen återställd av en administratör.")
    if reason.strip():
        detail = f"{detail} {reason.strip()}"
    record(user, AuditAction.UPDATE, account, changes={"two_factor": [", ".join(kinds), None]}, detail=detail)
    return int(count)
