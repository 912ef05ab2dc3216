"""Writes to persons and enrolments: through the actions the pages use, versioned, refused as the pages refuse.

Each change is the action's (its audit entry is there, the version moves on), bad input is a
problem naming the field in Swedish, a change needs the version it was based on (428 without,
412 when stale), and who may write is who may on the pages: a read-only token, an evaluator or
a coordinator of another organisation gets nowhere.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.consent.models import Consent, ConsentKind
from stegvis.participants import actions
from stegvis.participants.models import Enrollment, Person, ProjectExitReason

PERSONS = "api:person-list"
START = "2024-01-15"


def person_url(person):
    return reverse("api:person-detail", kwargs={"pk": person.pk})


def enrollment_url(enrollment):
    return reverse("api:enrollment-detail", kwargs={"pk": enrollment.pk})


def exit_url(enrollment):
    return reverse("api:enrollment-exit", kwargs={"pk": enrollment.pk})


def problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def field_errors(response):
    """``{field: detail}`` of a 400 problem."""
    body = problem(response, 400)
    return {error["field"]: error["detail"] for error in body["errors"]}


def new_person(world, first_name="Dan"):
    return actions.register_person(
        None, organization=world.orgs["kungsbacka"], first_name=first_name, gender="M", birth_year=1995
    )


# --- Persons -------------------------------------------------------------------------------------


def test_registering_a_person_goes_through_the_action(world, api_as):
    response = api_as("coord_kba").post(
        reverse(PERSONS),
        {
            "organization": "kungsbacka",
            "personnummer": "19900303-0302",
            "ref": "KBA-9",
            "first_name": "Dora",
            "last_name": "Dahl",
            "gender": "K",
            "home_municipality": "Kungsbacka",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    person = Person.objects.get(pk=body["id"])
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(person_url(person))
    assert (body["personnummer"], body["birth_year"], body["home_municipality"]) == (
        "199003030302",
        1990,
        "1384",
    )
    assert person.registered_by == world.orgs["kungsbacka"]
    assert person.refs.get().ref == "KBA-9"
    entry = AuditEntry.objects.get(
        object_type="participants.person", object_id=str(person.pk), action="create"
    )
    assert entry.user == world.users["coord_kba"]


def test_an_organisation_one_does_not_work_for_is_an_error_at_its_field(world, api_as):
    response = api_as("coord_kba").post(
        reverse(PERSONS), {"organization": "molndal", "gender": "K", "birth_year": 1990}, format="json"
    )
    assert field_errors(response) == {
        "organization": "Du kan inte registrera deltagare för organisationen molndal."
    }
    assert not Person.objects.filter(registered_by=world.orgs["molndal"]).exclude(pk=world.persons["bo"].pk)


@pytest.mark.parametrize(
    "data,field,message",
    [
        ({"gender": "K"}, "birth_year", "Ange födelseår när personnummer saknas."),
        ({"gender": "K", "personnummer": "19900303-0301"}, "personnummer", None),
        ({"gender": "K", "personnummer": "19850101-0204"}, "personnummer", None),  # anna's
        (
            {"gender": "K", "birth_year": 1990, "home_municipality": "Atlantis"},
            "home_municipality",
            "Atlantis",
        ),
        ({"gender": "Q", "birth_year": 1990}, "gender", "Q"),
        (
            {"birth_year": 1850, "gender": "K"},
            "birth_year",
            "Födelseåret måste vara ett årtal mellan 1900 och i år.",
        ),
    ],
)
def test_bad_person_input_is_a_problem_naming_the_field(world, api_as, data, field, message):
    response = api_as("coord_kba").post(
        reverse(PERSONS), {"organization": "kungsbacka", **data}, format="json"
    )
    errors = field_errors(response)
    assert list(errors) == [field]
    if message:
        assert message in errors[field]
    assert Person.objects.count() == 3


def test_changing_a_person_needs_the_version_and_bumps_it(world, api_as):
    anna = world.persons["anna"]
    client = api_as("coord_kba")
    response = client.patch(person_url(anna), {"phone": "0701234567"}, format="json")
    assert problem(response, 428)["title"] == "Version saknas"
    response = client.patch(person_url(anna), {"phone": "0701234567"}, format="json", HTTP_IF_MATCH='"7"')
    assert "version 7, nu 1" in problem(response, 412)["detail"]
    anna.refresh_from_db()
    assert (anna.phone, anna.version) == ("", 1)

    etag = client.get(person_url(anna))["ETag"]
    response = client.patch(person_url(anna), {"phone": "0701234567"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    assert (response.json()["phone"], response.json()["first_name"]) == ("0701234567", "Anna")
    entry = AuditEntry.objects.get(object_type="participants.person", object_id=str(anna.pk), action="update")
    assert entry.changes == {"phone": ["", "0701234567"]}
    # The body's version does as well as the header; the old one is now stale.
    response = client.patch(person_url(anna), {"last_name": "Ek", "version": 1}, format="json")
    assert response.status_code == 412
    response = client.patch(person_url(anna), {"last_name": "Ek", "version": 2}, format="json")
    assert (response.status_code, response["ETag"]) == (200, '"3"')


def test_the_actions_messages_come_back_at_their_field_on_a_change(world, api_as):
    new_person_with_number = actions.register_person(
        None, organization=world.orgs["kungsbacka"], personnummer="199003030302", gender="K"
    )
    client = api_as("coord_kba")
    anna = person_url(world.persons["anna"])
    response = client.patch(anna, {"personnummer": "199003030302"}, format="json", HTTP_IF_MATCH='"1"')
    assert field_errors(response) == {
        "personnummer": "Det finns redan en deltagare med det här personnumret."
    }
    response = client.patch(anna, {"personnummer": "199003030303"}, format="json", HTTP_IF_MATCH='"1"')
    assert field_errors(response) == {"personnummer": "Personnumret har fel kontrollsiffra."}
    assert new_person_with_number.personnummer == "199003030302"


def test_who_may_not_write_persons(world, api_as):
    anna = world.persons["anna"]
    data = {"organization": "kungsbacka", "gender": "K", "birth_year": 1990}
    read_only = api_as("coord_kba", read_only=True)
    assert (
        problem(read_only.post(reverse(PERSONS), data, format="json"), 403)["detail"]
        == "Nyckeln får bara läsa."
    )
    assert (
        read_only.patch(person_url(anna), {"phone": "1"}, format="json", HTTP_IF_MATCH='"1"').status_code
        == 403
    )
    assert read_only.get(person_url(anna)).status_code == 200
    assert problem(api_as("evaluator").post(reverse(PERSONS), data, format="json"), 403)
    response = api_as("coord_mdl").patch(person_url(anna), {"phone": "1"}, format="json", HTTP_IF_MATCH='"1"')
    assert problem(response, 404)
    assert api_as("anonymous").post(reverse(PERSONS), data, format="json").status_code == 401
    anna.refresh_from_db()
    assert (anna.phone, anna.version, Person.objects.count()) == ("", 1, 3)


def test_put_is_not_offered_only_patch(world, api_as):
    response = api_as("coord_kba").put(person_url(world.persons["anna"]), {}, format="json")
    assert problem(response, 405)


# --- Enrolments ----------------------------------------------------------------------------------


def enrol_data(person, **extra):
    return {
        "person": person.pk,
        "project": "helhetslyftet",
        "organization": "kungsbacka",
        "start_date": START,
        **extra,
    }


def test_enrolling_goes_through_the_action(world, api_as):
    dan = new_person(world)
    response = api_as("coord_kba").post(
        reverse("api:enrollment-list"),
        enrol_data(
            dan,
            referrer="af",
            intake_channel="remiss",
            coordinator="coord_kba",
            occupation_start="arbetssokande",
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    enrollment = Enrollment.objects.get(pk=body["id"])
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(enrollment_url(enrollment))
    assert (body["person"], body["project"], body["organization"], body["coordinator"]) == (
        dan.pk,
        "helhetslyftet",
        "kungsbacka",
        "coord_kba",
    )
    assert body["other_outcomes"] == []
    assert enrollment.coordinator_history.get().coordinator == world.users["coord_kba"]
    entry = AuditEntry.objects.get(object_type="participants.enrollment", object_id=str(enrollment.pk))
    assert (entry.action, entry.person_id, entry.user) == ("create", dan.pk, world.users["coord_kba"])


@pytest.mark.parametrize(
    "extra,field,message",
    [
        (
            {"organization": "molndal"},
            "organization",
            "Du kan inte skriva in deltagare i det här projektet för den organisationen.",
        ),
        (
            {"coordinator": "coord_mdl"},
            "coordinator",
            "Den valda personen är inte koordinator i projektet för den här organisationen.",
        ),
        (
            {"coordinator": "nobody"},
            "coordinator",
            "Den valda personen är inte koordinator i projektet för den här organisationen.",
        ),
        # The project's leader works with it, but is not one of the page's coordinators.
        (
            {"coordinator": "leader"},
            "coordinator",
            "Den valda personen är inte koordinator i projektet för den här organisationen.",
        ),
        ({"start_date": "2030-01-01"}, "start_date", None),
        ({"start_date": "15/1/2024"}, "start_date", None),
        ({"project": "nope"}, "project", None),
        ({"referrer": "granne"}, "referrer", "granne"),
        ({"disability": True}, "voluntary_consent", "samtyckt"),
    ],
)
def test_bad_enrolment_input_is_a_problem_naming_the_field(world, api_as, extra, field, message):
    response = api_as("coord_kba").post(
        reverse("api:enrollment-list"), enrol_data(new_person(world), **extra), format="json"
    )
    errors = field_errors(response)
    assert list(errors) == [field]
    if message:
        assert message in errors[field]
    assert Enrollment.objects.count() == 3


def test_a_person_one_may_not_see_cannot_be_enrolled(world, api_as):
    response = api_as("coord_kba").post(
        reverse("api:enrollment-list"), enrol_data(world.persons["bo"]), format="json"
    )
    assert list(field_errors(response)) == ["person"]


def test_voluntary_answers_are_kept_with_the_consent_they_need(world, api_as):
    response = api_as("coord_kba").post(
        reverse("api:enrollment-list"),
        enrol_data(
            new_person(world), disability=True, citizenship="NO", voluntary_consent_method="skriftligt"
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["disability"], body["citizenship"], body["third_country_national"]) == (True, "NO", False)
    consent = Consent.objects.get(enrollment_id=body["id"])
    assert (consent.kind, consent.method) == (ConsentKind.ESF, "skriftligt")


def test_changing_an_enrolment_needs_the_version(world, api_as):
    anna = world.enrollments["anna"]
    client = api_as("coord_kba")
    assert problem(client.patch(enrollment_url(anna), {"referrer": "fk"}, format="json"), 428)
    assert problem(
        client.patch(enrollment_url(anna), {"referrer": "fk"}, format="json", HTTP_IF_MATCH='"0"'), 412
    )
    response = client.patch(
        enrollment_url(anna),
        {"referrer": "fk", "intake_channel": "remiss"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert (response["ETag"], response.json()["referrer"], response.json()["intake_channel"]) == (
        '"2"',
        "fk",
        "remiss",
    )
    entry = AuditEntry.objects.get(
        object_type="participants.enrollment", object_id=str(anna.pk), action="update"
    )
    assert entry.changes == {"referrer": ["af", "fk"], "intake_channel": ["", "remiss"]}
    # Known only after the exit: the action says so at the field.
    response = client.patch(
        enrollment_url(anna), {"gained_qualification": True}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert list(field_errors(response)) == ["gained_qualification"]


def test_who_may_not_change_enrolments(world, api_as):
    anna = world.enrollments["anna"]
    change = {"referrer": "fk"}
    assert (
        api_as("coord_kba", read_only=True)
        .patch(enrollment_url(anna), change, format="json", HTTP_IF_MATCH='"1"')
        .status_code
        == 403
    )
    assert (
        api_as("evaluator")
        .patch(enrollment_url(anna), change, format="json", HTTP_IF_MATCH='"1"')
        .status_code
        == 403
    )
    assert problem(
        api_as("coord_mdl").patch(enrollment_url(anna), change, format="json", HTTP_IF_MATCH='"1"'), 404
    )
    assert problem(api_as("coord_spik").post(exit_url(anna), {}, format="json", HTTP_IF_MATCH='"1"'), 404)
    assert (
        api_as("evaluator")
        .post(reverse("api:enrollment-list"), enrol_data(new_person(world)), format="json")
        .status_code
        == 403
    )
    assert (
        api_as("coord_kba", read_only=True)
        .post(exit_url(anna), {}, format="json", HTTP_IF_MATCH='"1"')
        .status_code
        == 403
    )
    anna.refresh_from_db()
    assert (anna.referrer, anna.version, anna.end_date) == ("af", 1, None)


# --- Exits ---------------------------------------------------------------------------------------


def test_registering_an_exit_with_its_outcomes(world, api_as):
    anna = world.enrollments["anna"]
    client = api_as("coord_kba")
    exit = {
        "end_date": "2024-05-31",
        "exit_reason": "arbete",
        "other_outcomes": ["studier"],
        "next_actor": "af",
    }
    assert problem(client.post(exit_url(anna), exit, format="json"), 428)
    response = client.post(
        exit_url(anna),
        {**exit, "occupation_exit": "arbete", "work_extent_exit": 50},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert response["ETag"] == '"2"'
    assert (body["end_date"], body["exit_reason"], body["other_outcomes"], body["work_extent_exit"]) == (
        "2024-05-31",
        "arbete",
        ["studier"],
        50,
    )
    entry = AuditEntry.objects.get(
        object_type="participants.enrollment", object_id=str(anna.pk), action="update"
    )
    assert entry.detail == "avslut"
    assert "studier" in str(entry.changes["other_outcomes"][1])
    assert client.get(enrollment_url(anna)).json()["other_outcomes"] == ["studier"]
    # An ended enrolment is not ended again.
    response = client.post(exit_url(anna), exit, format="json", HTTP_IF_MATCH='"2"')
    assert field_errors(response) == {"end_date": "Inskrivningen är redan avslutad."}


@pytest.mark.parametrize(
    "exit,field",
    [
        ({"exit_reason": "arbete"}, "end_date"),
        ({"end_date": "2099-01-01", "exit_reason": "arbete"}, "end_date"),
        ({"end_date": "2024-05-31"}, "exit_reason"),
        ({"end_date": "2024-05-31", "exit_reason": "flytt", "other_outcomes": ["arbete"]}, "other_outcomes"),
        (
            {"end_date": "2024-05-31", "exit_reason": "arbete", "other_outcomes": ["semester"]},
            "other_outcomes.0",
        ),
        ({"end_date": "2024-05-31", "project_exit_reason": "okand"}, "project_exit_reason"),
        ({"end_date": "2024-05-31", "exit_reason": "arbete", "work_extent_exit": 140}, "work_extent_exit"),
    ],
)
def test_bad_exits_are_problems_naming_the_field(world, api_as, exit, field):
    anna = world.enrollments["anna"]
    response = api_as("coord_kba").post(exit_url(anna), exit, format="json", HTTP_IF_MATCH='"1"')
    assert list(field_errors(response)) == [field]
    anna.refresh_from_db()
    assert (anna.end_date, anna.version) == (None, 1)


def test_a_projects_own_exit_reason_decides_the_standard_one(world, api_as):
    anna = world.enrollments["anna"]
    ProjectExitReason.objects.create(
        project=world.projects["helhetslyftet"],
        code="fk-ater",
        label="Åter till FK",
        standard_reason="annan_insats",
    )
    client = api_as("coord_kba")
    response = client.post(
        exit_url(anna),
        {"end_date": "2024-05-31", "project_exit_reason": "fk-ater"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.content
    assert (response.json()["exit_reason"], response.json()["project_exit_reason"]) == (
        "annan_insats",
        "fk-ater",
    )
    # A standard reason that disagrees with the project's own is refused at exit_reason.
    response = client.patch(
        exit_url(anna),
        {"project_exit_reason": "fk-ater", "exit_reason": "arbete"},
        format="json",
        HTTP_IF_MATCH='"2"',
    )
    assert list(field_errors(response)) == ["exit_reason"]
    # Choosing a standard reason alone replaces the project's own.
    response = client.patch(exit_url(anna), {"exit_reason": "flytt"}, format="json", HTTP_IF_MATCH='"2"')
    assert (response.json()["exit_reason"], response.json()["project_exit_reason"]) == ("flytt", None)


def test_correcting_an_exit_changes_only_what_is_sent(world, api_as):
    anna = world.enrollments["anna"]
    client = api_as("coord_kba")
    response = client.patch(
        exit_url(anna), {"gained_qualification": True}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert field_errors(response) == {"end_date": "Inskrivningen är inte avslutad."}
    actions.register_exit(
        None,
        anna,
        version=1,
        end_date=datetime.date(2024, 5, 31),
        exit_reason="arbete",
        other_outcomes=["studier"],
        next_actor="af",
        occupation_exit="arbete",
    )
    assert problem(
        client.patch(exit_url(anna), {"gained_qualification": True}, format="json", HTTP_IF_MATCH='"1"'), 412
    )
    response = client.patch(
        exit_url(anna), {"gained_qualification": True}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["gained_qualification"],
        body["exit_reason"],
        body["other_outcomes"],
        body["next_actor"],
    ) == (
        True,
        "arbete",
        ["studier"],
        "af",
    )
    assert (body["end_date"], body["occupation_exit"], response["ETag"]) == ("2024-05-31", "arbete", '"3"')
    entry = AuditEntry.objects.filter(object_type="participants.enrollment", object_id=str(anna.pk)).latest(
        "pk"
    )
    assert (entry.detail, entry.changes) == ("rättat avslut", {"gained_qualification": [None, True]})
    response = client.patch(exit_url(anna), {"other_outcomes": []}, format="json", HTTP_IF_MATCH='"3"')
    assert response.json()["other_outcomes"] == []


def test_the_exit_address_answers_no_get(world, api_as):
    assert problem(api_as("coord_kba").get(exit_url(world.enrollments["anna"])), 405)


# --- The list: outcomes included, a fixed number of queries --------------------------------------


def test_the_enrolment_list_reads_outcomes_in_a_fixed_number_of_queries(world, api_as):
    for n in range(10):
        person = new_person(world, first_name=f"P{n}")
        enrollment = actions.enroll_participant(
            None,
            person,
            project=world.projects["helhetslyftet"],
            organization=world.orgs["kungsbacka"],
            start_date=datetime.date(2024, 1, 1),
        )
        actions.register_exit(
            None,
            enrollment,
            version=enrollment.version,
            end_date=datetime.date(2024, 3, 1),
            exit_reason="arbete",
            other_outcomes=["studier", "arbetsmarknadsutbildning"][: n % 3],
        )
    client = api_as("leader")
    url = reverse("api:enrollment-list")
    client.get(url)  # the token's first use is noted once (last_used_at), not on every request
    counts = {}
    for limit in (2, 10):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"limit": limit, "active": "false"})
        assert response.status_code == 200
        assert len(response.json()["results"]) == limit
        counts[limit] = len(queries)
    assert counts[2] == counts[10]
    outcomes = [row["other_outcomes"] for row in response.json()["results"]]
    assert ["arbetsmarknadsutbildning", "studier"] in outcomes and ["studier"] in outcomes and [] in outcomes
