"""An organisation's "require two-factor login": set on its settings page, by administrators, audited."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ConflictError, NotAllowed
from stegvis.organizations import actions
from stegvis.organizations.actions import token_of


def entries(org):
    return list(
        AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(org.pk))
        .order_by("pk")
        .values_list("action", "changes")
    )


def test_an_administrator_requires_it_on_the_organisations_page(world, login_as):
    client = login_as(world.users["admin"])
    org = world.orgs["kungsbacka"]
    url = reverse("organizations:organization_edit", args=[org.code])
    page = client.get(url).content.decode()
    assert "Kräv tvåfaktorsinloggning" in page and 'name="require_two_factor"' in page
    form = {"code": org.code, "name": org.name, "kind": org.kind, "token": token_of(org)}
    response = client.post(url, {**form, "require_two_factor": "on"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.require_two_factor
    assert entries(org)[-1] == (AuditAction.UPDATE, {"require_two_factor": [False, True]})
    assert "checked" in client.get(url).content.decode()

    response = client.post(url, {**form, "token": token_of(org)})  # the box left empty
    org.refresh_from_db()
    assert response.status_code == 302 and not org.require_two_factor
    assert entries(org)[-1] == (AuditAction.UPDATE, {"require_two_factor": [True, False]})


def test_a_new_organisation_can_require_it_from_the_start(world, login_as):
    client = login_as(world.users["admin"])
    response = client.post(
        reverse("organizations:organization_create"),
        {"code": "alingsas", "name": "Alingsås kommun", "kind": "kommun", "require_two_factor": "on"},
    )
    assert response.status_code == 302
    org = world.orgs["kungsbacka"].__class__.objects.get(code="alingsas")
    assert org.require_two_factor


def test_saving_unchanged_writes_nothing(world):
    org = world.orgs["molndal"]
    before = entries(org)
    assert actions.set_two_factor_requirement(None, org, required=False) is False
    assert entries(org) == before


@pytest.mark.parametrize("role", ["leader", "coord_kba", "evaluator", "norole"])
def test_only_administrators_change_it(world, role):
    with pytest.raises(NotAllowed):
        actions.set_two_factor_requirement(world.users[role], world.orgs["kungsbacka"], required=True)


def test_a_stale_page_is_a_conflict(world):
    org = world.orgs["kungsbacka"]
    stale = token_of(org)
    actions.save_organization(None, code=org.code, name="Kungsbacka", kind=org.kind)
    with pytest.raises(ConflictError):
        actions.set_two_factor_requirement(None, org, required=True, token=stale)
