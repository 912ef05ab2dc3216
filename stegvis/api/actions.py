"""Writes to API tokens: make one (the token is returned once, never stored) and revoke one; and
OAuth 2 client applications (client credentials), made and removed the same way.

Only administrators hand out tokens and clients (the command line acts as the system,
``user=None``). A token carries its user's rights, or fewer; a client its user's rights. Making,
revoking and removing are audited.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from stegvis.api import tokens
from stegvis.api.models import ApiToken, ClientLimit
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


def _check_owner(owner: "User", errors: dict[str, list[str]]) -> None:
    if not owner.is_active:
        errors["user"] = [_("Användaren är inaktiverad.")]
    elif not scope_of(owner).has_any_role:
        errors["user"] = [_("Användaren har ingen roll och skulle inte kunna läsa något.")]


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
    _check_owner(owner, errors)
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


def create_client(
    user: "Actor", owner: "User", *, name: str, read_only: bool = False
) -> tuple[Application, str]:
    """A new OAuth 2 client (client credentials) acting as ``owner``, and its secret, shown once.

    Only the secret's hash is stored (django-oauth-toolkit hashes it on save). A ``read_only``
    client is given the ``read`` scope only (:mod:`stegvis.api.scopes`).
    """
    _require_admin(user)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Ange vad klienten ska användas till.")]
    elif len(name) > 255:
        errors["name"] = [_("Namnet får vara högst 255 tecken.")]
    _check_owner(owner, errors)
    if errors:
        raise ActionError(errors)
    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.create(
            name=name,
            user=owner,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,
            hash_client_secret=True,
        )
        ClientLimit.objects.create(application=application, read_only=read_only)
        record(
            user,
            AuditAction.CREATE,
            application,
            changes=diff(
                {},
                {
                    "user": owner.get_username(),
                    "name": name,
                    "client_id": application.client_id,
                    "read_only": read_only,
                },
            ),
        )
    return application, secret


def delete_client(user: "Actor", application: Application) -> None:
    """Remove an OAuth 2 client: its access tokens stop working at once (they go with it)."""
    _require_admin(user)
    with transaction.atomic():
        record(
            user,
            AuditAction.DELETE,
            application,
            changes={"client_id": [application.client_id, None], "name": [application.name, None]},
        )
        application.delete()
