"""Roles given by the groups a staff member has at the organisation's identity provider.

Roles and project memberships are given in Stegvis (the administration pages) unless an
administrator maps a group at the identity provider to a role (:class:`GroupRoleMapping`).
At each login through the provider the mapped roles are brought in line with the groups the
provider sends: a missing role is given, and a role the mapping gave is taken away when the
group is gone. :class:`MappedRole` remembers which roles came from a mapping, so a role an
administrator gave by hand is never taken away (:func:`stegvis.accounts.actions.apply_group_roles`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel
from stegvis.core.roles import Role
from stegvis.organizations.models import Organization, Project, StaffRole

#: The roles a group can give. Administrators are always named in Stegvis itself: a group at one
#: organisation's provider must not give power over every organisation.
MAPPABLE_ROLES = [
    (Role.PROJECT_LEADER.value, Role.PROJECT_LEADER.label),
    (Role.COORDINATOR.value, Role.COORDINATOR.label),
    (Role.EVALUATOR.value, Role.EVALUATOR.label),
]


class GroupRoleMapping(CreatedAtModel):
    """Members of ``group`` at ``provider`` get ``role`` for ``organization`` (and ``project``).

    A coordinator works for the organisation, in the project or (no project) in all the
    organisation's projects; a project leader and an evaluator need a project the organisation
    owns or takes part in.
    """

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
        verbose_name=_("organisation"),
    )
    #: The provider's key, ``oidc:<id>`` or ``saml:<id>`` (:func:`stegvis.accounts.sso.provider_key`).
    provider = models.CharField(_("inloggningstjänst"), max_length=100)
    group = models.CharField(
        _("grupp"),
        max_length=255,
        help_text=_("Gruppen som inloggningstjänsten skickar den, t.ex. ett namn eller ett objekt-id."),
    )
    role = models.CharField(_("roll"), max_length=32, choices=MAPPABLE_ROLES)
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_role_mappings",
        verbose_name=_("projekt"),
    )

    class Meta:
        ordering = ["organization__name", "group", "role"]
        verbose_name = _("grupp som ger en roll")
        verbose_name_plural = _("grupper som ger roller")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "group", "role", "organization", "project"],
                name="group_role_mapping_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()} – {self.project or self.organization}"

    def role_scope(self) -> tuple[Organization | None, Project | None]:
        """Organisation and project of the :class:`StaffRole` this mapping gives."""
        if self.role == Role.COORDINATOR:
            return self.organization, self.project
        return None, self.project


class MappedRole(CreatedAtModel):
    """A staff role that a group mapping gave (rather than an administrator)."""

    staff_role = models.OneToOneField(
        StaffRole, on_delete=models.CASCADE, primary_key=True, related_name="mapped"
    )
    provider = models.CharField(max_length=100)
    #: The mapping that gave it; removing the mapping takes the role away.
    mapping = models.ForeignKey(
        GroupRoleMapping, null=True, on_delete=models.SET_NULL, related_name="mapped_roles"
    )

    class Meta:
        verbose_name = _("roll från grupp")
        verbose_name_plural = _("roller från grupper")

    def __str__(self) -> str:
        return f"{self.staff_role} ({self.provider})"
