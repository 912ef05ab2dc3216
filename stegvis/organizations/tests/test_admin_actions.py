"""The administration actions on their own: access, validation and audit, as the importer and CLI see them."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.access import scope_of
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.organizations import actions
from stegvis.organizations.models import NeedGroup, Role, StaffRole


def test_only_administrators_save_organizations_projects_and_accounts(world):
    leader = world.users["leader"]
    with pytest.raises(NotAllowed):
        actions.save_organization(leader, code="ny-org", name="Ny", kind="kommun")
    with pytest.raises(NotAllowed):
        actions.save_project(
            leader,
            code="helhetslyftet",
            name="X",
            owner=world.orgs["kungsbacka"],
            start_date=datetime.date(2022, 9, 1),
        )
    with pytest.raises(NotAllowed):
        actions.create_staff_user(leader, username="x", password="ett-långt-lösenord-99")
    with pytest.raises(NotAllowed):
        actions.set_staff_active(leader, world.users["coord_kba"], active=False)


@pytest.mark.parametrize("role", ["coord_kba", "evaluator", "norole"])
def test_only_admin_and_leader_change_project_settings(world, role):
    project = world.projects["helhetslyftet"]
    with pytest.raises(NotAllowed):
        actions.update_project_settings(world.users[role], project, progression_threshold=1)
    with pytest.raises(NotAllowed):
        actions.add_need_group(world.users[role], project, name="Ny grupp")
    with pytest.raises(NotAllowed):
        actions.set_project_partners(world.users[role], project, partners=[])


def test_leader_changes_only_their_own_project(world):
    leader = world.users["leader"]
    actions.update_project_settings(leader, world.projects["helhetslyftet"], progression_threshold="0.5")
    with pytest.raises(NotAllowed):
        actions.update_project_settings(leader, world.projects["spik"], progression_threshold="0.5")
    with pytest.raises(NotAllowed):
        actions.add_need_group(leader, world.projects["spik"], name="Grupp")


@pytest.mark.parametrize("value", ["-0.1", "100", "abc", None])
def test_bad_threshold(world, value):
    with pytest.raises(ActionError) as error:
        actions.update_project_settings(None, world.projects["spik"], progression_threshold=value)
    assert "progression_threshold" in error.value.message_dict


def test_partners_owner_is_implicit_and_enrolled_partners_stay(world):
    project = world.projects["helhetslyftet"]
    assert (
        actions.set_project_partners(
            None, project, partners=[world.orgs["kungsbacka"], world.orgs["molndal"]]
        )
        is False
    )
    with pytest.raises(ActionError) as error:
        actions.set_project_partners(None, project, partners=[world.orgs["af"]])
    assert "Mölndals stad" in error.value.message_dict["partners"][0]
    assert list(project.partners.values_list("code", flat=True)) == ["molndal"]


def test_former_owner_with_enrolments_must_stay_a_partner(world):
    project = world.projects["helhetslyftet"]
    project, _c, _ch = actions.save_project(
        None,
        code="helhetslyftet",
        name=project.name,
        owner=world.orgs["molndal"],
        start_date=project.start_date,
    )
    with pytest.raises(ActionError) as error:
        actions.set_project_partners(None, project, partners=[])
    assert "Kungsbacka kommun" in error.value.message_dict["partners"][0]
    assert actions.set_project_partners(None, project, partners=[world.orgs["kungsbacka"]]) is True


def test_token_detects_a_change_in_between(world):
    org = world.orgs["af"]
    token = actions.token_of(org)
    actions.save_organization(None, code="af", name="AF", kind="af", token=token)
    with pytest.raises(ConflictError):
        actions.save_organization(None, code="af", name="Arbetsförmedlingen", kind="af", token=token)


def test_need_group_names_are_unique_per_project_case_insensitively(world):
    actions.add_need_group(None, world.projects["spik"], name="UVAS")
    actions.add_need_group(None, world.projects["helhetslyftet"], name="UVAS")  # another project: fine
    with pytest.raises(ActionError):
        actions.add_need_group(None, world.projects["spik"], name=" uvas ")
    group = NeedGroup.objects.get(project=world.projects["spik"])
    with pytest.raises(ActionError):
        actions.rename_need_group(None, group, name="  ")
    assert actions.rename_need_group(None, group, name="uvas").name == "uvas"  # its own name in another case


def test_inactive_account_has_no_access_and_role_changes_take_effect(world):
    coord = world.users["coord_kba"]
    admin = world.users["admin"]
    actions.set_staff_active(admin, coord, active=False)
    coord.refresh_from_db()
    assert not scope_of(coord).has_any_role
    role = actions.grant_role(admin, world.users["norole"], role=Role.EVALUATOR)
    assert scope_of(world.users["norole"]).evaluator_all
    actions.revoke_role(admin, StaffRole.objects.select_related("user").get(pk=role.pk))
    # The scope is cached per user object; the next request loads the user afresh.
    assert not scope_of(get_user_model().objects.get(username="norole")).has_any_role


def test_passwords_are_validated_and_never_logged(world):
    with pytest.raises(ActionError) as error:
        actions.create_staff_user(None, username="lisa.lundqvist", password="lisa.lundqvist1")
    assert error.value.message_dict["password"]
    account = actions.create_staff_user(
        None, username="lisa", password="ett-långt-lösenord-99", first_name="Lisa"
    )
    actions.set_staff_password(None, account, password="ett-annat-långt-lösenord-7")
    logged = " ".join(str(e.changes) + e.detail for e in AuditEntry.objects.filter(object_type="auth.user"))
    assert "lösenord-99" not in logged and "lösenord-7" not in logged
    assert AuditEntry.objects.filter(object_type="auth.user", action=AuditAction.CREATE).count() == 1


def test_unknown_role_is_refused(world):
    with pytest.raises(ActionError):
        actions.grant_role(None, world.users["norole"], role="superhero")
