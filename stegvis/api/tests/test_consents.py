"""An enrolment's consents over the API: read with their history (audited), given and withdrawn through the actions."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.consent import actions
from stegvis.consent.models import Consent, ConsentKind
from stegvis.participants.actions import update_enrollment


def consents_url(enrollment):
    return reverse("api:enrollment-consent-list", kwargs={"enrollment_pk": enrollment.pk})


def consent_url(consent):
    return reverse(
        "api:enrollment-consent-detail", kwargs={"enrollment_pk": consent.enrollment_id, "pk": consent.pk}
    )


def withdraw_url(consent):
    return reverse(
        "api:enrollment-consent-withdraw", kwargs={"enrollment_pk": consent.enrollment_id, "pk": consent.pk}
    )


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def field_errors(response):
    return {error["field"]: error["detail"] for error in problem(response, 400)["errors"]}


def give(world, kind=ConsentKind.REGISTRATION, on=datetime.date(2023, 1, 10), **extra):
    return actions.give_consent(
        None, world.enrollments["anna"], kind=kind, given_on=on, method="skriftligt", **extra
    )


REGISTRATION = {"kind": "registrering", "given_on": "2023-01-10", "method": "skriftligt", "note": "Pärm 3"}


def test_giving_a_consent_goes_through_the_action(world, api_as):
    anna = world.enrollments["anna"]
    response = api_as("coord_kba").post(consents_url(anna), REGISTRATION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    consent = Consent.objects.get(pk=body["id"])
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(consent_url(consent))
    assert (body["kind"], body["in_force"], body["recorded_by"], body["note"]) == (
        "registrering",
        True,
        "coord_kba",
        "Pärm 3",
    )
    entry = AuditEntry.objects.get(object_type="consent.consent", action="create")
    assert (entry.person_id, entry.user, entry.detail) == (
        anna.person_id,
        world.users["coord_kba"],
        "Samtycke lämnat",
    )


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"given_on": "2099-01-01"}, "given_on", "Datumet kan inte vara i framtiden."),
        (
            {"actor_name": "Vårdcentralen"},
            "actor_name",
            "Aktör anges bara för samtycke till kontakt med annan aktör.",
        ),
        ({"kind": "kontakt"}, "actor_name", "Ange vilken aktör samtycket gäller"),
        ({"kind": "allt"}, "kind", "allt"),
        ({"method": None}, "method", None),
        ({"actor_organization": "nope", "kind": "kontakt"}, "actor_organization", None),
    ],
)
def test_bad_consent_input_is_a_problem_naming_the_field(world, api_as, data, field, message):
    response = api_as("coord_kba").post(
        consents_url(world.enrollments["anna"]), {**REGISTRATION, **data}, format="json"
    )
    errors = field_errors(response)
    assert list(errors) == [field]
    if message:
        assert message in errors[field]
    assert not Consent.objects.exists()


def test_a_consent_in_force_is_not_given_twice(world, api_as):
    give(world)
    response = api_as("coord_kba").post(consents_url(world.enrollments["anna"]), REGISTRATION, format="json")
    assert "samtycke är redan registrerat" in field_errors(response)["kind"]


def test_the_list_is_the_history_and_reading_it_is_audited(world, api_as):
    first = give(world)
    actions.withdraw_consent(None, first, version=1, withdrawn_on=datetime.date(2023, 6, 1))
    again = give(world, on=datetime.date(2023, 9, 1))
    contact = give(world, kind=ConsentKind.CONTACT, actor_organization=world.orgs["af"])
    response = api_as("leader").get(consents_url(world.enrollments["anna"]))
    assert response.status_code == 200, response.content
    rows = {row["id"]: row for row in response.json()}
    assert set(rows) == {first.pk, again.pk, contact.pk}
    assert (rows[first.pk]["in_force"], rows[first.pk]["withdrawn_on"]) == (False, "2023-06-01")
    assert rows[again.pk]["in_force"] and rows[contact.pk]["actor_organization"] == "af"
    search, view = AuditEntry.objects.filter(user=world.users["leader"]).order_by("pk")
    assert (search.action, search.object_type) == ("search", "consent.consent")
    assert (view.action, view.person_id) == ("view", world.persons["anna"].pk)
    response = api_as("leader").get(consent_url(again))
    assert (response.status_code, response["ETag"], response.json()["id"]) == (200, '"1"', again.pk)
    assert AuditEntry.objects.filter(
        user=world.users["leader"], object_type="consent.consent", action="view"
    ).exists()


def test_withdrawing_needs_the_version(world, api_as):
    consent = give(world)
    client = api_as("coord_kba")
    data = {"withdrawn_on": "2023-06-01", "note": "Ringde"}
    assert problem(client.post(withdraw_url(consent), data, format="json"), 428)
    assert problem(client.post(withdraw_url(consent), data, format="json", HTTP_IF_MATCH='"2"'), 412)
    response = client.post(
        withdraw_url(consent), {"withdrawn_on": "2022-01-01"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert field_errors(response) == {
        "withdrawn_on": "Samtycket kan inte återkallas före den dag det lämnades (2023-01-10)."
    }
    response = client.post(withdraw_url(consent), data, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["in_force"], body["withdrawn_on"], body["withdrawn_recorded_by"], response["ETag"]) == (
        False,
        "2023-06-01",
        "coord_kba",
        '"2"',
    )
    entry = AuditEntry.objects.get(object_type="consent.consent", action="update")
    assert entry.detail == "Samtycke återkallat"
    response = client.post(withdraw_url(consent), data, format="json", HTTP_IF_MATCH='"2"')
    assert list(field_errors(response)) == [None]


def test_withdrawing_the_consent_to_voluntary_data_removes_the_answers(world, api_as):
    anna = world.enrollments["anna"]
    update_enrollment(None, anna, version=1, disability=True, voluntary_consent_method="digitalt")
    consent = Consent.objects.get(enrollment=anna, kind=ConsentKind.ESF)
    response = api_as("coord_kba").post(
        withdraw_url(consent),
        {"withdrawn_on": datetime.date.today().isoformat(), "version": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    anna.refresh_from_db()
    assert anna.disability is None


def test_who_may_not_read_or_write_consents(world, api_as):
    anna = world.enrollments["anna"]
    consent = give(world)
    assert problem(api_as("coord_mdl").get(consents_url(anna)), 404)
    assert problem(api_as("coord_mdl").get(consent_url(consent)), 404)
    assert problem(api_as("coord_mdl").post(consents_url(anna), REGISTRATION, format="json"), 404)
    response = api_as("coord_mdl").post(
        withdraw_url(consent), {"withdrawn_on": "2023-06-01"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert problem(response, 404)
    assert problem(api_as("evaluator").get(consents_url(anna)), 403)
    assert problem(api_as("evaluator").post(consents_url(anna), REGISTRATION, format="json"), 403)
    read_only = api_as("coord_kba", read_only=True)
    assert read_only.get(consents_url(anna)).status_code == 200
    assert problem(read_only.post(consents_url(anna), REGISTRATION, format="json"), 403)
    response = read_only.post(
        withdraw_url(consent), {"withdrawn_on": "2023-06-01"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert problem(response, 403)
    # A consent of another enrolment is not found under this one.
    bo = world.enrollments["bo"]
    other = reverse("api:enrollment-consent-detail", kwargs={"enrollment_pk": bo.pk, "pk": consent.pk})
    assert problem(api_as("admin").get(other), 404)
    consent.refresh_from_db()
    assert (consent.withdrawn_on, Consent.objects.count()) == (None, 1)
