"""Writes to API tokens: make one (the token is returned once, never stored) and revoke one.

Only administrators hand out tokens (the command line acts as the system, ``user=None``). A token
carries its user's rights, or fewer; making and revoking are audited.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.api import tokens
from stegvis.api.models import ApiToken
from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import REPORT, scope_of
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Project

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.core.access import Actor

#: The longest a token may live; a longer-lived integration makes a new token before it expires.
LONGEST_DAYS = 730


def _require_admin(user: "Actor") -> None:
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed(_("Bara administratörer hanterar API-nycklar."))


def create_token(
    user: "Actor",
    owner: "User",
    *,
    name: str,
    read_only: bool = False,
    projects: Iterable[Project] = (),
    expires_in_days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``owner`` and the token string, which is shown once and never again."""
    _require_admin(user)
    projects = list(projects)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Ange vad nyckeln ska användas till.")]
    elif len(name) > 100:
        errors["name"] = [_("Namnet får vara högst 100 tecken.")]
    if not owner.is_active:
        errors["user"] = [_("Användaren är inaktiverad.")]
    elif not scope_of(owner).has_any_role:
        errors["user"] = [_("Användaren har ingen roll och skulle inte kunna läsa något.")]
    if expires_in_days is not None and not 1 <= expires_in_days <= LONGEST_DAYS:
        errors["expires"] = [_("Giltighetstiden ska vara 1–%(days)s dagar.") % {"days": LONGEST_DAYS}]
    if projects and "user" not in errors:
        reachable = set(
            Project.objects.restrict(owner, REPORT)
            .filter(pk__in=[p.pk for p in projects])
            .values_list("pk", flat=True)
        )
        outside = [p.code for p in projects if p.pk not in reachable]
        if outside:
            errors["projects"] = [
                _("Användaren har ingen behörighet till projektet: %(codes)s.")
                % {"codes": ", ".join(outside)}
            ]
    if errors:
        raise ActionError(errors)
    token, prefix = tokens.new_token()
    expires_at = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        api_token = ApiToken.objects.create(
            user=owner,
            name=name,
            prefix=prefix,
            key_hash=tokens.hash_of(token),
            read_only=read_only,
            expires_at=expires_at,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        if projects:
            api_token.projects.set(projects)
        record(
            user,
            AuditAction.CREATE,
            api_token,
            changes=diff(
                {},
                {
                    "user": owner.get_username(),
                    "name": name,
                    "read_only": read_only,
                    "projects": sorted(p.code for p in projects),
                    "expires_at": expires_at.isoformat() if expires_at else None,
                },
            ),
        )
    return api_token, token


def revoke_token(user: "Actor", api_token: ApiToken) -> ApiToken:
    """Revoke ``api_token`` at once; a revoked token is kept (with who and when) but opens nothing."""
    _require_admin(user)
    if api_token.revoked_at is not None:
        raise ActionError(_("Nyckeln är redan återkallad."))
    with transaction.atomic():
        api_token.revoked_at = timezone.now()
        api_token.revoked_by = user if user is not None and user.is_authenticated else None
        api_token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            user,
            AuditAction.UPDATE,
            api_token,
            changes={"revoked_at": [None, api_token.revoked_at.isoformat()]},
        )
    return api_token
