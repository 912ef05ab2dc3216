"""The single sign-on page of the administration, and the rules of groups that give roles.

The logins themselves (a group's role given at login, taken back when the group is gone) are
tested end to end against real providers in ``test_sso_oidc.py`` and ``test_sso_saml.py``.
"""

import pytest
from django.urls import reverse

from stegvis.accounts import actions
from stegvis.accounts.models import GroupRoleMapping, MappedRole
from stegvis.accounts.tests.sso_testing import use_providers
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Role, StaffRole

PAGE = "/administration/inloggning/"


@pytest.fixture
def providers(settings):
    use_providers(
        settings,
        {
            "STEGVIS_OIDC_SERVER_URL": "https://login.microsoftonline.com/tenant/v2.0",
            "STEGVIS_OIDC_CLIENT_ID": "stegvis",
            "STEGVIS_OIDC_NAME": "Entra ID",
            "STEGVIS_SAML_IDP_METADATA_URL": "https://adfs.kungsbacka.se/FederationMetadata/2007-06/FederationMetadata.xml",
            "STEGVIS_SAML_IDP_ENTITY_ID": "http://adfs.kungsbacka.se/adfs/services/trust",
            "STEGVIS_SAML_ID": "kungsbacka",
            "STEGVIS_SAML_NAME": "Kungsbackas ADFS",
        },
    )


def test_the_page_lists_the_addresses_the_providers_need(client, world, providers):
    assert reverse("accounts:sso_admin") == PAGE
    client.force_login(world.users["admin"])
    text = client.get(PAGE).content.decode()
    assert "http://testserver/logga-in/oidc/kommun/klar/" in text  # the redirect URI
    assert "http://testserver/logga-in/saml/kungsbacka/metadata/" in text
    assert "http://testserver/logga-in/saml/kungsbacka/acs/" in text
    assert "oidc:kommun" in text and "saml:kungsbacka" in text


def test_without_providers_the_page_says_how_to_configure_them(client, world):
    client.force_login(world.users["admin"])
    text = client.get(PAGE).content.decode()
    assert "Ingen inloggningstjänst är inställd" in text
    assert "Låt en grupp ge en roll" not in text


def test_an_administrator_maps_a_group_and_removes_it(client, world, providers):
    client.force_login(world.users["admin"])
    kungsbacka, helhetslyftet = world.orgs["kungsbacka"], world.projects["helhetslyftet"]
    response = client.post(
        PAGE,
        {
            "form": "add",
            "organization": kungsbacka.pk,
            "provider": "saml:kungsbacka",
            "group": " Stegvis handläggare ",
            "role": Role.COORDINATOR,
            "project": helhetslyftet.pk,
        },
    )
    assert response.status_code == 302
    mapping = GroupRoleMapping.objects.get()
    assert (mapping.group, mapping.role, mapping.project) == (
        "Stegvis handläggare",
        Role.COORDINATOR,
        helhetslyftet,
    )
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="accounts.grouprolemapping", user=world.users["admin"]
    ).exists()
    assert "Stegvis handläggare" in client.get(PAGE).content.decode()

    # A member got the role from the group; removing the mapping takes it away at once.
    member = world.users["norole"]
    given, _taken = actions.apply_group_roles(
        member, member, provider="saml:kungsbacka", groups=["Stegvis handläggare"]
    )
    assert [r.role for r in given] == [Role.COORDINATOR]
    response = client.post(PAGE, {"form": "remove", "mapping": mapping.pk}, follow=True)
    assert "1 roller togs bort" in response.content.decode()
    assert not GroupRoleMapping.objects.exists()
    assert not StaffRole.objects.filter(user=member).exists()
    assert AuditEntry.objects.filter(
        action=AuditAction.DELETE, object_type="organizations.staffrole"
    ).exists()


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"provider": "oidc:annan"}, "provider", "Välj ett giltigt alternativ"),
        ({"role": Role.ADMINISTRATOR}, "role", "Välj ett giltigt alternativ"),
        (
            {"role": Role.EVALUATOR, "project": ""},
            "project",
            "Projektledare och utvärderare behöver ett projekt.",
        ),
        (
            {"project": "spik"},
            "project",
            "Kungsbacka kommun är inte projektägare eller samverkanspart i SPiK.",
        ),
    ],
)
def test_a_mapping_that_cannot_be_is_refused(client, world, providers, change, field, message):
    client.force_login(world.users["admin"])
    data = {
        "form": "add",
        "organization": world.orgs["kungsbacka"].pk,
        "provider": "oidc:kommun",
        "group": "abc-123",
        "role": Role.COORDINATOR,
        "project": world.projects["helhetslyftet"].pk,
        **change,
    }
    if data["project"] == "spik":
        data["project"] = world.projects["spik"].pk
    response = client.post(PAGE, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not GroupRoleMapping.objects.exists()


def test_only_administrators_map_groups(world, providers):
    with pytest.raises(NotAllowed):
        actions.save_group_mapping(
            world.users["leader"],
            organization=world.orgs["kungsbacka"],
            provider="oidc:kommun",
            group="g",
            role=Role.COORDINATOR,
        )
    with pytest.raises(ActionError):  # a provider this server does not have
        actions.save_group_mapping(
            None,
            organization=world.orgs["kungsbacka"],
            provider="oidc:annan",
            group="g",
            role=Role.COORDINATOR,
        )


def test_roles_given_by_hand_are_never_taken_by_the_groups(world, providers):
    user, kungsbacka = world.users["norole"], world.orgs["kungsbacka"]
    helhetslyftet = world.projects["helhetslyftet"]
    for group, role in [("hl", Role.COORDINATOR), ("utv", Role.EVALUATOR)]:
        actions.save_group_mapping(
            None,
            organization=kungsbacka,
            provider="oidc:kommun",
            group=group,
            role=role,
            project=helhetslyftet,
        )
    manual = grant_role(None, user, role=Role.EVALUATOR, project=helhetslyftet)
    given, taken = actions.apply_group_roles(
        user, user, provider="oidc:kommun", groups=["hl", "utv", "annan"]
    )
    assert [r.role for r in given] == [Role.COORDINATOR] and taken == []
    assert not MappedRole.objects.filter(staff_role=manual).exists()
    # The same groups again change nothing; a group from another provider gives nothing.
    assert actions.apply_group_roles(user, user, provider="oidc:kommun", groups=["hl", "utv"]) == ([], [])
    assert actions.apply_group_roles(user, user, provider="saml:kungsbacka", groups=["hl"]) == ([], [])
    given, taken = actions.apply_group_roles(user, user, provider="oidc:kommun", groups=[])
    assert given == [] and [r.role for r in taken] == [Role.COORDINATOR]
    assert list(StaffRole.objects.filter(user=user)) == [manual]
    with pytest.raises(NotAllowed):  # someone else's roles: administrators only
        actions.apply_group_roles(world.users["leader"], user, provider="oidc:kommun", groups=["hl"])


def test_the_staff_page_tells_a_role_from_a_group(client, world, providers):
    user = world.users["norole"]
    actions.save_group_mapping(
        None, organization=world.orgs["kungsbacka"], provider="oidc:kommun", group="hl", role=Role.COORDINATOR
    )
    grant_role(None, user, role=Role.EVALUATOR, project=world.projects["helhetslyftet"])
    client.force_login(world.users["admin"])
    page = reverse("organizations:staff_detail", args=[user.pk])
    assert "från en grupp i inloggningstjänsten" not in client.get(page).content.decode()
    actions.apply_group_roles(user, user, provider="oidc:kommun", groups=["hl"])
    assert client.get(page).content.decode().count("från en grupp i inloggningstjänsten") == 1
