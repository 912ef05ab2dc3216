"""Writes to a staff member's login: an administrator's reset, single sign-on and its group mappings.

What users do to their own login (set up or turn off two-factor login, new recovery codes,
change or reset the password) goes through allauth's own flows and is audited from its
signals (:mod:`stegvis.accounts.audit_events`).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.accounts.models import MAPPABLE_ROLES, GroupRoleMapping, MappedRole
from stegvis.accounts.sso_providers import configured_providers
from stegvis.audit.log import AuditAction, record
from stegvis.core.access import forget_scope, scope_of
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.core.roles import Role
from stegvis.organizations.actions import grant_role, revoke_role
from stegvis.organizations.models import Organization, Project, StaffRole

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin
    from django.contrib.auth.models import User
    from django.http import HttpRequest

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


# --- Single sign-on (stegvis.accounts.sso) ---------------------------------------------------------


def _require_self_or_admin(user: "Actor", account: "User") -> None:
    if user is not None and user.pk != account.pk and not scope_of(user).is_admin:
        raise NotAllowed()


@transaction.atomic
def connect_identity(
    user: "Actor", account: "User", *, sociallogin: "SocialLogin", request: "HttpRequest"
) -> None:
    """Connect an identity at the organisation's identity provider to ``account``.

    Called at the first login through the provider, after the configured claim named
    ``account`` (:mod:`stegvis.accounts.sso`); the person logging in (``user`` is the account
    itself) acts. allauth saves the connection and e-mails the account's owner, so a connection
    nobody expected is noticed; later logins find the account through the connection.
    """
    _require_self_or_admin(user, account)
    sociallogin.connect(request, account)
    provider = sociallogin.provider
    record(
        user,
        AuditAction.LOGIN,
        account,
        changes={"identity": [None, f"{provider.name}: {sociallogin.account.uid}"]},
        detail=_("Inloggning via %(provider)s kopplad till kontot.") % {"provider": provider.name},
    )


def _role_key(role: StaffRole) -> tuple[str, int | None, int | None]:
    return role.role, role.organization_id, role.project_id


def _describe(role: StaffRole) -> str:
    scope = [getattr(role.organization, "code", None), getattr(role.project, "code", None)]
    return ":".join([role.role, *(code for code in scope if code)])


@transaction.atomic
def apply_group_roles(
    user: "Actor", account: "User", *, provider: str, groups: Iterable[str]
) -> tuple[list[StaffRole], list[StaffRole]]:
    """Give ``account`` the roles its ``groups`` at ``provider`` map to; take away those that no longer do.

    Only roles a mapping gave (:class:`~stegvis.accounts.models.MappedRole`) are ever taken
    away: a role an administrator gave stays, and a mapped role the account already holds
    from an administrator is left as the administrator's. Called at each login through the
    provider (``user`` is the account itself). Returns the roles given and taken away; each is
    audited, and a summary entry names the groups' part.
    """
    _require_self_or_admin(user, account)
    wanted: dict[tuple[str, int | None, int | None], list[GroupRoleMapping]] = {}
    for mapping in GroupRoleMapping.objects.filter(provider=provider, group__in=set(groups)):
        organization, project = mapping.role_scope()
        key = (mapping.role, getattr(organization, "pk", None), getattr(project, "pk", None))
        wanted.setdefault(key, []).append(mapping)
    given: list[StaffRole] = []
    taken: list[StaffRole] = []
    mapped = MappedRole.objects.filter(staff_role__user=account, provider=provider).select_related(
        "staff_role__user", "staff_role__organization", "staff_role__project"
    )
    for mapped_role in mapped:
        key = _role_key(mapped_role.staff_role)
        mappings = wanted.pop(key, None)
        if mappings is None:
            taken.append(mapped_role.staff_role)
            revoke_role(None, mapped_role.staff_role)
        elif mapped_role.mapping_id not in {m.pk for m in mappings}:
            mapped_role.mapping = mappings[0]
            mapped_role.save(update_fields=["mapping"])
    for key, mappings in wanted.items():
        role = key[0]
        organization, project = mappings[0].role_scope()
        held = StaffRole.objects.filter(user=account, role=role, organization=organization, project=project)
        if held.exists():
            continue
        staff_role = grant_role(None, account, role=role, organization=organization, project=project)
        MappedRole.objects.create(staff_role=staff_role, provider=provider, mapping=mappings[0])
        given.append(staff_role)
    if given or taken:
        record(
            user,
            AuditAction.UPDATE,
            account,
            changes={
                "roles_from_groups": [
                    sorted(_describe(r) for r in taken) or None,
                    sorted(_describe(r) for r in given) or None,
                ]
            },
            detail=_("Roller från grupper i inloggningstjänsten %(provider)s.") % {"provider": provider},
        )
        forget_scope(account)
    return given, taken


def _clean_mapping(
    *, organization: Organization, provider: str, group: str, role: str, project: Project | None
) -> str:
    if provider not in {p.key for p in configured_providers()}:
        raise ActionError({"provider": [_("Inloggningstjänsten %(p)s är inte inställd.") % {"p": provider}]})
    group = group.strip()
    if not group:
        raise ActionError({"group": [_("Ange gruppen.")]})
    if len(group) > 255:
        raise ActionError({"group": [_("Gruppen får vara högst 255 tecken.")]})
    if role not in dict(MAPPABLE_ROLES):
        raise ActionError(
            {"role": [_("En grupp kan ge rollerna projektledare, handläggare och utvärderare.")]}
        )
    if role in (Role.PROJECT_LEADER, Role.EVALUATOR) and project is None:
        raise ActionError({"project": [_("Projektledare och utvärderare behöver ett projekt.")]})
    if project is not None and not project.organizations().filter(pk=organization.pk).exists():
        raise ActionError(
            {
                "project": [
                    _("%(org)s är inte projektägare eller samverkanspart i %(project)s.")
                    % {"org": organization.name, "project": project.name}
                ]
            }
        )
    return group


@transaction.atomic
def save_group_mapping(
    user: "Actor",
    *,
    organization: Organization,
    provider: str,
    group: str,
    role: str,
    project: Project | None = None,
) -> GroupRoleMapping:
    """Let members of ``group`` at ``provider`` have ``role`` (from their next login). Administrators only."""
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()
    group = _clean_mapping(
        organization=organization, provider=provider, group=group, role=role, project=project
    )
    if GroupRoleMapping.objects.filter(
        organization=organization, provider=provider, group=group, role=role, project=project
    ).exists():
        raise ActionError({"group": [_("Gruppen ger redan den rollen.")]})
    mapping = GroupRoleMapping.objects.create(
        organization=organization, provider=provider, group=group, role=role, project=project
    )
    record(
        user,
        AuditAction.CREATE,
        mapping,
        changes={
            "organization": [None, organization.code],
            "provider": [None, provider],
            "group": [None, group],
            "role": [None, role],
            "project": [None, getattr(project, "code", None)],
        },
    )
    return mapping


@transaction.atomic
def remove_group_mapping(user: "Actor", mapping: GroupRoleMapping) -> int:
    """Remove a mapping and take away the roles it gave now. Returns how many roles were taken away.

    A role another mapping also gives comes back at the member's next login.
    """
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()
    roles = [
        m.staff_role
        for m in mapping.mapped_roles.select_related(
            "staff_role__user", "staff_role__organization", "staff_role__project"
        )
    ]
    for staff_role in roles:
        revoke_role(user, staff_role)
    record(
        user,
        AuditAction.DELETE,
        mapping,
        changes={
            "organization": [mapping.organization.code, None],
            "provider": [mapping.provider, None],
            "group": [mapping.group, None],
            "role": [mapping.role, None],
            "project": [getattr(mapping.project, "code", None), None],
        },
    )
    mapping.delete()
    return len(roles)
