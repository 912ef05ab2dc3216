"""The administration pages: who may open them, and creating and editing through them."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.organizations.actions import grant_role, save_organization, save_project, token_of
from stegvis.organizations.models import NeedGroup, Organization, Project, Role, StaffRole
from stegvis.participants import actions as participant_actions
from stegvis.testing import PASSWORD, make_user

ROLES = ["admin", "leader", "coord_kba", "coord_mdl", "coord_spik", "evaluator", "norole"]


def _status(client, url):
    return client.get(url).status_code


# --- Who may open what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_pages_per_role(world, login_as, role):
    client = login_as(world.users[role])
    admin_only = [
        reverse("organizations:index"),
        reverse("organizations:organization_list"),
        reverse("organizations:organization_create"),
        reverse("organizations:organization_edit", args=["kungsbacka"]),
        reverse("organizations:project_create"),
        reverse("organizations:staff_list"),
        reverse("organizations:staff_create"),
        reverse("organizations:staff_detail", args=[world.users["leader"].pk]),
        reverse("organizations:staff_edit", args=[world.users["leader"].pk]),
        reverse("organizations:staff_password", args=[world.users["leader"].pk]),
    ]
    for url in admin_only:
        assert _status(client, url) == (200 if role == "admin" else 403), url
    own = reverse("organizations:project_edit", args=["helhetslyftet"])
    other = reverse("organizations:project_edit", args=["spik"])
    listing = reverse("organizations:project_list")
    if role == "admin":
        assert [_status(client, u) for u in (own, other, listing)] == [200, 200, 200]
    elif role == "leader":
        assert [_status(client, u) for u in (own, other, listing)] == [200, 404, 200]
    else:
        assert [_status(client, u) for u in (own, other, listing)] == [403, 403, 403]


def test_menu_shows_administration_to_administrators_only(world, login_as):
    url = reverse("organizations:index")
    assert f'href="{url}"' in login_as(world.users["admin"]).get("/").content.decode()
    assert f'href="{url}"' not in login_as(world.users["leader"]).get("/").content.decode()


def test_leader_sees_only_their_project_in_the_list(world, login_as):
    body = login_as(world.users["leader"]).get(reverse("organizations:project_list")).content.decode()
    assert "Helhetslyftet" in body
    assert "SPiK" not in body
    assert reverse("organizations:project_create") not in body


# --- Organisations -------------------------------------------------------------------------------


def test_create_organization_through_the_page(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:organization_create"),
        {"code": "boras", "name": "Borås stad", "kind": "kommun"},
    )
    assert response.status_code == 302
    org = Organization.objects.get(code="boras")
    assert org.name == "Borås stad"
    entry = AuditEntry.objects.get(object_type="organizations.organization", object_id=str(org.pk))
    assert entry.action == AuditAction.CREATE and entry.user == world.users["admin"]


def test_duplicate_code_is_shown_at_the_field(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:organization_create"),
        {"code": "kungsbacka", "name": "Något annat", "kind": "kommun"},
    )
    assert response.status_code == 200
    assert "Det finns redan en organisation med koden kungsbacka." in response.context["form"].errors["code"]
    assert Organization.objects.get(code="kungsbacka").name == "Kungsbacka kommun"


def test_bad_code_and_missing_kind_are_shown(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:organization_create"), {"code": "Å ä", "name": "", "kind": ""}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"code", "name", "kind"}
    assert "Uppgifterna kunde inte sparas" in response.content.decode()


def test_edit_organization_keeps_the_code(world, login_as):
    client = login_as(world.users["admin"])
    org = world.orgs["molndal"]
    response = client.post(
        reverse("organizations:organization_edit", args=["molndal"]),
        {
            "code": "annan-kod",
            "name": "Mölndals kommun",
            "kind": "kommun",
            "token": token_of(org),
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.code, org.name) == ("molndal", "Mölndals kommun")
    entry = AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(org.pk)).first()
    assert entry.action == AuditAction.UPDATE and entry.changes["name"] == [
        "Mölndals stad",
        "Mölndals kommun",
    ]


def test_stale_organization_form_is_a_conflict(world, login_as):
    client = login_as(world.users["admin"])
    org = world.orgs["molndal"]
    stale = token_of(org)
    save_organization(world.users["admin"], code="molndal", name="Ändrad av någon annan", kind="kommun")
    response = client.post(
        reverse("organizations:organization_edit", args=["molndal"]),
        {
            "name": "Mölndals kommun",
            "kind": "kommun",
            "token": stale,
        },
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Ändrad av någon annan"


def test_organization_list_filters_by_kind(world, login_as):
    client = login_as(world.users["admin"])
    body = client.get(reverse("organizations:organization_list"), {"kind": "af"}).content.decode()
    assert "Arbetsförmedlingen" in body and "Kungsbacka kommun" not in body
    # The HTMX request gets only the table region.
    region = client.get(
        reverse("organizations:organization_list"),
        {"kind": "af"},
        headers={"HX-Request": "true", "HX-Target": "list-region"},
    ).content.decode()
    assert region.lstrip().startswith('<div id="list-region"')


# --- Projects ------------------------------------------------------------------------------------


def _project_post(**overrides):
    data = {
        "form": "project",
        "code": "vagen-framat",
        "name": "Vägen framåt",
        "owner": "",
        "start_date": "2023-01-01",
        "end_date": "2024-12-31",
        "funder": "finsam",
        "progression_threshold": "0.5",
        "token": "",
    }
    data.update(overrides)
    return data


def test_create_project_with_partners(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:project_create"),
        _project_post(owner=world.orgs["af"].pk, partners=[world.orgs["kungsbacka"].pk, world.orgs["af"].pk]),
    )
    assert response.status_code == 302
    project = Project.objects.get(code="vagen-framat")
    assert project.owner == world.orgs["af"]
    assert list(project.partners.all()) == [world.orgs["kungsbacka"]]  # the owner is implicit
    assert str(project.progression_threshold) == "0.50"
    assert AuditEntry.objects.filter(
        object_type="organizations.project", object_id=str(project.pk), action=AuditAction.CREATE
    ).exists()


def test_bad_dates_and_duplicate_project_code(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:project_create"),
        _project_post(owner=world.orgs["af"].pk, start_date="2024-01-01", end_date="2023-01-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["Slutdatum kan inte vara före startdatum."]
    response = client.post(
        reverse("organizations:project_create"),
        _project_post(owner=world.orgs["af"].pk, code="spik", start_date="inte ett datum"),
    )
    assert "start_date" in response.context["form"].errors
    response = client.post(
        reverse("organizations:project_create"), _project_post(owner=world.orgs["af"].pk, code="spik")
    )
    assert response.context["form"].errors["code"] == ["Det finns redan ett projekt med koden spik."]
    assert not Project.objects.filter(code="vagen-framat").exists()


def test_admin_edits_every_field_but_the_code(world, login_as):
    client = login_as(world.users["admin"])
    project = world.projects["helhetslyftet"]
    response = client.post(
        reverse("organizations:project_edit", args=["helhetslyftet"]),
        _project_post(
            code="nytt-namn",
            name="Helhetslyftet 2",
            owner=world.orgs["kungsbacka"].pk,
            start_date="2022-09-01",
            end_date="2025-12-31",
            funder="esf",
            partners=[world.orgs["molndal"].pk, world.orgs["af"].pk],
            token=token_of(project),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    assert (project.code, project.name, project.funder) == ("helhetslyftet", "Helhetslyftet 2", "esf")
    assert project.end_date == datetime.date(2025, 12, 31)
    assert set(project.partners.values_list("code", flat=True)) == {"molndal", "af"}
    partners_entry = AuditEntry.objects.filter(
        object_type="organizations.project", changes__has_key="partners"
    ).first()
    assert partners_entry.changes["partners"] == [["molndal"], ["af", "molndal"]]


def test_stale_project_form_is_a_conflict(world, login_as):
    client = login_as(world.users["admin"])
    project = world.projects["helhetslyftet"]
    stale = token_of(project)
    save_project(
        None,
        code="helhetslyftet",
        name="Ändrat",
        owner=project.owner,
        start_date=project.start_date,
        end_date=project.end_date,
        funder=project.funder,
    )
    response = client.post(
        reverse("organizations:project_edit", args=["helhetslyftet"]),
        _project_post(name="Mitt namn", owner=project.owner.pk, start_date="2022-09-01", token=stale),
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "Ändrat"


def test_leader_changes_partners_and_threshold_but_not_the_rest(world, login_as):
    client = login_as(world.users["leader"])
    project = world.projects["helhetslyftet"]
    response = client.post(
        reverse("organizations:project_edit", args=["helhetslyftet"]),
        _project_post(
            name="Kapat",
            owner=world.orgs["af"].pk,
            funder="esf",
            start_date="2000-01-01",
            partners=[world.orgs["molndal"].pk, world.orgs["vaxjo"].pk],
            progression_threshold="1.25",
            token=token_of(project),
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, project.owner, project.funder) == (
        "Helhetslyftet",
        world.orgs["kungsbacka"],
        "amif",
    )
    assert project.start_date == datetime.date(2022, 9, 1)
    assert set(project.partners.values_list("code", flat=True)) == {"molndal", "vaxjo"}
    assert str(project.progression_threshold) == "1.25"
    entries = AuditEntry.objects.filter(user=world.users["leader"], object_type="organizations.project")
    assert {tuple(e.changes) for e in entries} == {("partners",), ("progression_threshold",)}


def test_leader_cannot_post_to_another_project(world, login_as):
    client = login_as(world.users["leader"])
    response = client.post(
        reverse("organizations:project_edit", args=["spik"]),
        _project_post(partners=[], progression_threshold="3"),
    )
    assert response.status_code == 404
    assert world.projects["spik"].partners.filter(code="af").exists()


def test_removing_a_partner_with_enrolments_is_refused(world, login_as):
    client = login_as(world.users["leader"])
    project = world.projects["helhetslyftet"]
    response = client.post(
        reverse("organizations:project_edit", args=["helhetslyftet"]),
        _project_post(partners=[], progression_threshold="0", token=token_of(project)),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["partners"] == [
        "Mölndals stad har inskrivningar i projektet och kan inte tas bort som samverkanspart."
    ]
    assert project.partners.filter(code="molndal").exists()


def test_bad_threshold_is_shown_at_the_field(world, login_as):
    client = login_as(world.users["leader"])
    response = client.post(
        reverse("organizations:project_edit", args=["helhetslyftet"]),
        _project_post(
            partners=[world.orgs["molndal"].pk],
            progression_threshold="-1",
            token=token_of(world.projects["helhetslyftet"]),
        ),
    )
    assert response.status_code == 200
    assert "progression_threshold" in response.context["form"].errors


def test_need_groups_add_rename_remove(world, login_as):
    client = login_as(world.users["leader"])
    url = reverse("organizations:project_edit", args=["helhetslyftet"])
    project = world.projects["helhetslyftet"]
    assert client.post(url, {"form": "add_group", "add-name": "Nyanlända"}).status_code == 302
    group = NeedGroup.objects.get(project=project, name="Nyanlända")
    response = client.post(url, {"form": "add_group", "add-name": "nyanlända"})
    assert response.status_code == 200
    assert response.context["add_form"].errors["name"] == [
        "Projektet har redan en behovsgrupp som heter nyanlända."
    ]
    assert (
        client.post(
            url, {"form": "rename_group", "rename-group": group.pk, "rename-name": "Nyanlända, kort skolgång"}
        ).status_code
        == 302
    )
    group.refresh_from_db()
    assert group.name == "Nyanlända, kort skolgång"
    response = client.post(url, {"form": "rename_group", "rename-group": group.pk, "rename-name": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert client.post(url, {"form": "remove_group", "group": group.pk}).status_code == 302
    assert not NeedGroup.objects.filter(pk=group.pk).exists()
    actions = list(
        AuditEntry.objects.filter(object_type="organizations.needgroup").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted([AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE])


def test_removing_a_used_need_group_is_refused(world, login_as):
    project = world.projects["helhetslyftet"]
    group = NeedGroup.objects.create(project=project, name="UVAS")
    enrollment = world.enrollments["anna"]
    participant_actions.update_enrollment(None, enrollment, version=enrollment.version, need_group=group)
    client = login_as(world.users["leader"])
    url = reverse("organizations:project_edit", args=["helhetslyftet"])
    response = client.post(url, {"form": "remove_group", "group": group.pk}, follow=True)
    assert NeedGroup.objects.filter(pk=group.pk).exists()
    assert "Behovsgruppen UVAS används i 1 inskrivningar och kan inte tas bort." in response.content.decode()


def test_leader_cannot_touch_need_groups_of_another_project(world, login_as):
    group = NeedGroup.objects.create(project=world.projects["spik"], name="Psykosocial problematik")
    client = login_as(world.users["leader"])
    url = reverse("organizations:project_edit", args=["helhetslyftet"])
    client.post(url, {"form": "remove_group", "group": group.pk})
    response = client.post(url, {"form": "rename_group", "rename-group": group.pk, "rename-name": "Kapad"})
    assert "Behovsgruppen finns inte längre." in response.content.decode()
    group.refresh_from_db()
    assert group.name == "Psykosocial problematik"


# --- Staff ---------------------------------------------------------------------------------------


def test_create_staff_account_and_grant_a_role(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:staff_create"),
        {
            "username": "eva.ek",
            "first_name": "Eva",
            "last_name": "Ek",
            "email": "eva@example.se",
            "password": "blå-kaffekopp-i-maj-7",
            "password_again": "blå-kaffekopp-i-maj-7",
        },
    )
    account = get_user_model().objects.get(username="eva.ek")
    assert response.status_code == 302 and response["Location"] == reverse(
        "organizations:staff_detail", args=[account.pk]
    )
    assert account.check_password("blå-kaffekopp-i-maj-7")
    entry = AuditEntry.objects.get(object_type="auth.user", object_id=str(account.pk))
    assert "password" not in entry.changes and "blå-kaffekopp" not in str(entry.changes)
    response = client.post(
        reverse("organizations:staff_detail", args=[account.pk]),
        {
            "form": "grant",
            "role": Role.COORDINATOR,
            "organization": world.orgs["molndal"].pk,
            "project": world.projects["helhetslyftet"].pk,
        },
    )
    assert response.status_code == 302
    role = StaffRole.objects.get(user=account)
    assert (role.role, role.organization, role.project) == (
        Role.COORDINATOR,
        world.orgs["molndal"],
        world.projects["helhetslyftet"],
    )
    assert AuditEntry.objects.filter(
        object_type="organizations.staffrole", action=AuditAction.CREATE, object_id=str(role.pk)
    ).exists()


def test_weak_password_messages_are_swedish_at_the_field(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:staff_create"),
        {
            "username": "svag",
            "password": "12345678",
            "password_again": "12345678",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["password"]
    assert any("för kort" in e for e in errors), errors
    assert any("vanligt" in e for e in errors), errors
    assert any("numeriskt" in e for e in errors), errors
    assert not get_user_model().objects.filter(username="svag").exists()


def test_mismatched_and_taken_username(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:staff_create"),
        {
            "username": "LEADER",
            "password": "blå-kaffekopp-i-maj-7",
            "password_again": "blå-kaffekopp-i-maj-8",
        },
    )
    errors = response.context["form"].errors
    assert errors["password_again"] == ["Lösenorden är inte lika."]
    response = client.post(
        reverse("organizations:staff_create"),
        {
            "username": "LEADER",
            "password": "blå-kaffekopp-i-maj-7",
            "password_again": "blå-kaffekopp-i-maj-7",
        },
    )
    assert response.context["form"].errors["username"] == ["Användarnamnet LEADER är upptaget."]


def test_coordinator_without_organization_and_leader_without_project(world, login_as):
    client = login_as(world.users["admin"])
    url = reverse("organizations:staff_detail", args=[world.users["norole"].pk])
    response = client.post(url, {"form": "grant", "role": Role.COORDINATOR})
    assert response.status_code == 200
    assert response.context["grant_form"].errors["organization"] == [
        "En handläggare måste höra till en organisation."
    ]
    response = client.post(
        url, {"form": "grant", "role": Role.PROJECT_LEADER, "organization": world.orgs["af"].pk}
    )
    assert response.context["grant_form"].errors["project"] == ["En projektledare måste ha ett projekt."]
    assert not StaffRole.objects.filter(user=world.users["norole"]).exists()


def test_administrator_role_ignores_organization_and_project(world, login_as):
    client = login_as(world.users["admin"])
    client.post(
        reverse("organizations:staff_detail", args=[world.users["norole"].pk]),
        {
            "form": "grant",
            "role": Role.ADMINISTRATOR,
            "organization": world.orgs["af"].pk,
            "project": world.projects["spik"].pk,
        },
    )
    role = StaffRole.objects.get(user=world.users["norole"])
    assert (role.role, role.organization, role.project) == (Role.ADMINISTRATOR, None, None)


def test_revoke_role(world, login_as):
    client = login_as(world.users["admin"])
    role = StaffRole.objects.get(user=world.users["leader"])
    response = client.post(
        reverse("organizations:staff_detail", args=[world.users["leader"].pk]),
        {"form": "revoke", "role": role.pk},
    )
    assert response.status_code == 302
    assert not StaffRole.objects.filter(pk=role.pk).exists()
    entry = AuditEntry.objects.get(object_type="organizations.staffrole", action=AuditAction.DELETE)
    assert entry.changes["role"] == [Role.PROJECT_LEADER, None]
    assert login_as(world.users["leader"]).get(reverse("organizations:project_list")).status_code == 403


def test_admin_cannot_revoke_own_admin_role_or_deactivate_self(world, login_as):
    admin = world.users["admin"]
    client = login_as(admin)
    url = reverse("organizations:staff_detail", args=[admin.pk])
    role = StaffRole.objects.get(user=admin)
    response = client.post(url, {"form": "revoke", "role": role.pk}, follow=True)
    assert "Du kan inte ta bort din egen administratörsroll." in response.content.decode()
    response = client.post(url, {"form": "deactivate"}, follow=True)
    assert "Du kan inte inaktivera ditt eget konto." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active and StaffRole.objects.filter(pk=role.pk).exists()


def test_deactivated_user_cannot_log_in_and_can_be_reactivated(world, login_as, client):
    coord = world.users["coord_kba"]
    login_as(world.users["admin"]).post(
        reverse("organizations:staff_detail", args=[coord.pk]), {"form": "deactivate"}
    )
    coord.refresh_from_db()
    assert not coord.is_active
    client.logout()
    response = client.post(reverse("login"), {"username": "coord_kba", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    login_as(world.users["admin"]).post(
        reverse("organizations:staff_detail", args=[coord.pk]), {"form": "activate"}
    )
    client.logout()
    response = client.post(reverse("login"), {"username": "coord_kba", "password": PASSWORD})
    assert response.status_code == 302
    changes = [e.changes for e in AuditEntry.objects.filter(object_type="auth.user", object_id=str(coord.pk))]
    assert {"is_active": [True, False]} in changes and {"is_active": [False, True]} in changes


def test_edit_name_and_set_password(world, login_as, client):
    target = world.users["evaluator"]
    admin_client = login_as(world.users["admin"])
    response = admin_client.post(
        reverse("organizations:staff_edit", args=[target.pk]),
        {"first_name": "Ulla", "last_name": "Utvärderare", "email": "inte-en-adress"},
    )
    assert response.context["form"].errors["email"]
    admin_client.post(
        reverse("organizations:staff_edit", args=[target.pk]),
        {"first_name": "Ulla", "last_name": "Utvärderare", "email": "ulla@example.se"},
    )
    target.refresh_from_db()
    assert (target.get_full_name(), target.email) == ("Ulla Utvärderare", "ulla@example.se")
    response = admin_client.post(
        reverse("organizations:staff_password", args=[target.pk]),
        {"password": "kort", "password_again": "kort"},
    )
    assert response.status_code == 200 and response.context["form"].errors["password"]
    response = admin_client.post(
        reverse("organizations:staff_password", args=[target.pk]),
        {"password": "nytt-långt-lösenord-31", "password_again": "nytt-långt-lösenord-31"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("nytt-långt-lösenord-31")
    entry = AuditEntry.objects.filter(object_type="auth.user", object_id=str(target.pk)).first()
    assert entry.detail == "Nytt lösenord satt." and "nytt-långt" not in str(entry.changes)


def test_staff_list_filters_and_search(world, login_as):
    client = login_as(world.users["admin"])
    url = reverse("organizations:staff_list")
    body = client.get(
        url, {"role": Role.COORDINATOR, "organization": world.orgs["molndal"].pk}
    ).content.decode()
    assert "coord_mdl" in body and "coord_kba" not in body
    body = client.get(url, {"project": world.projects["helhetslyftet"].pk}).content.decode()
    assert "leader" in body and "coord_spik" not in body
    body = client.get(url, {"q": "Evaluator"}).content.decode()
    assert "evaluator" in body and "coord_kba" not in body
    assert "Handläggare/koordinator: Mölndals stad, Helhetslyftet" in client.get(url).content.decode()


# --- Query counts --------------------------------------------------------------------------------


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_rows(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["admin"])
    urls = [
        reverse("organizations:organization_list"),
        reverse("organizations:project_list"),
        reverse("organizations:staff_list"),
    ]
    few = {url: _count(client, url) for url in urls}
    for i in range(15):
        org, _c, _ch = save_organization(None, code=f"org-{i}", name=f"Organisation {i}", kind="annan")
        project, _c, _ch = save_project(
            None, code=f"projekt-{i}", name=f"Projekt {i}", owner=org, start_date=datetime.date(2024, 1, 1)
        )
        participant_actions.add_project_partner(None, project, organization=world.orgs["af"])
        NeedGroup.objects.create(project=project, name="Grupp")
        user = make_user(f"person-{i}")
        grant_role(None, user, role=Role.COORDINATOR, organization=org, project=project)
        grant_role(None, user, role=Role.EVALUATOR)
    for url in urls:
        with django_assert_max_num_queries(few[url]):
            client.get(url)
    with django_assert_max_num_queries(few[urls[2]]):
        client.get(urls[2], {"role": Role.COORDINATOR, "q": "person", "sort": "-name"})


def test_bad_input_never_gives_a_server_error(world, login_as):
    client = login_as(world.users["admin"])
    project_url = reverse("organizations:project_edit", args=["helhetslyftet"])
    staff_url = reverse("organizations:staff_detail", args=[world.users["leader"].pk])
    for data in (
        {"form": "remove_group", "group": "abc"},
        {"form": "rename_group", "rename-group": "x"},
        {"form": "okänd"},
        {"form": "project", "owner": "999999", "partners": ["x"]},
    ):
        assert client.post(project_url, data).status_code in (200, 302), data
    for data in (
        {"form": "revoke", "role": "abc"},
        {"form": "grant", "role": "x", "organization": "abc"},
        {},
    ):
        assert client.post(staff_url, data).status_code in (200, 302), data
    for params in (
        {"organization": "abc", "role": "x", "project": "-1"},
        {"active": "kanske", "sort": "nonsense"},
    ):
        assert client.get(reverse("organizations:staff_list"), params).status_code == 200
    assert client.get(
        reverse("organizations:organization_list"), {"kind": "x", "page": "999"}
    ).status_code in (200, 404)
