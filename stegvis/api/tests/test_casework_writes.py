"""Writing casework over the API: through the apps' actions, with their rules and Swedish messages.

A new row is 201 with its ETag and address; a change needs the version it is based on (428
without, 412 when stale, 409 when someone saves in between) and answers with the new ETag; the
actions' messages come back as problem details naming the field. A read-only token, an evaluator
(403) and a coordinator of another organisation (404) write nothing.
"""

import pytest

from stegvis.api import records
from stegvis.api.tests.casework_rows import KINDS, card, casework_rows
from stegvis.api.tests.test_casework_api import MODEL, detail_url, list_url
from stegvis.audit.models import AuditEntry
from stegvis.contacts.models import Contact
from stegvis.interventions.testing import catalogue_entry


def new_row(world, kind):
    """What a client sends to make a row of ``kind`` in anna's enrolment."""
    enrollment = world.enrollments["anna"].pk
    return {
        "measurement": {
            "enrollment": enrollment,
            "instrument": card().pk,
            "respondent": "handlaggare",
            "date": "2023-02-01",
            "answers": {"q1": 5, "q2": None, "q3": 7},
        },
        "intervention": {
            "enrollment": enrollment,
            "intervention": catalogue_entry(world).pk,
            "start_date": "2023-02-01",
        },
        "contact": {
            "enrollment": enrollment,
            "contact_date": "2023-02-01",
            "channel": "telefon",
            "staff": ["coord_kba", "leader"],
            "duration_minutes": 30,
        },
        "plan-goal": {
            "enrollment": enrollment,
            "horizon": "kort",
            "direction": "studier",
            "text": "SFI kurs C",
        },
        "plan-step": {
            "goal": casework_rows(world, "anna")["plan-goal"].pk,
            "what": "Ansök till SFI",
            "owner": "deltagare",
        },
    }[kind]


#: (a change, the field to look at, its value after)
CHANGES = {
    "measurement": ({"answers": {"q1": 9}}, "answers", {"q1": 9, "q2": 6, "q3": None}),
    "intervention": ({"end_date": "2023-03-01"}, "end_date", "2023-03-01"),
    "contact": ({"note": "Bra samtal.", "staff": ["leader"]}, "staff", ["leader"]),
    "plan-goal": ({"status": "uppnatt"}, "status", "uppnatt"),
    "plan-step": ({"status": "klar", "what": "Praktik på Solrosen"}, "what", "Praktik på Solrosen"),
}


@pytest.fixture
def anna(world):
    return casework_rows(world, "anna")


def problem_fields(response):
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["detail"] for error in response.json()["errors"]}


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_row_goes_through_the_action(world, anna, api_as, kind):
    response = api_as("coord_kba").post(list_url(kind), new_row(world, kind), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    row = MODEL[kind].objects.get(pk=body["id"])
    assert response["ETag"] == '"1"' and body["version"] == 1
    assert response["Location"] == detail_url(kind, row)
    assert (body["person"], body["enrollment"]) == (world.persons["anna"].pk, world.enrollments["anna"].pk)
    created = AuditEntry.objects.get(
        action="create", object_type=MODEL[kind]._meta.label_lower, object_id=row.pk
    )
    assert (created.username, created.person_id) == ("coord_kba", world.persons["anna"].pk)


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_needs_the_current_version(world, anna, api_as, kind):
    client = api_as("coord_kba")
    row = anna[kind]
    url = detail_url(kind, row)
    change, field, after = CHANGES[kind]
    etag = client.get(url)["ETag"]

    missing = client.patch(url, change, format="json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"

    response = client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response.json()[field] == after
    assert response["ETag"] == f'"{row.version + 1}"'
    assert AuditEntry.objects.filter(action="update", object_type=MODEL[kind]._meta.label_lower).exists()

    stale = client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert MODEL[kind].objects.get(pk=row.pk).version == row.version + 1  # nothing written

    in_body = client.patch(url, {**change, "version": row.version + 1}, format="json")
    assert in_body.status_code == 200, in_body.content


@pytest.mark.parametrize("kind", KINDS)
def test_a_change_saved_in_between_is_a_conflict(world, anna, api_as, kind, monkeypatch):
    # Someone saves after the If-Match check and before the action: the action's own check refuses.
    monkeypatch.setattr(records, "check_version", lambda request, obj: obj.version - 1)
    row = anna[kind]
    change, _field, _after = CHANGES[kind]
    response = api_as("coord_kba").patch(detail_url(kind, row), change, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 409
    assert response.json()["type"] == "urn:stegvis:problem:conflict"


@pytest.mark.parametrize("kind", KINDS)
def test_who_may_not_write_writes_nothing(world, anna, api_as, kind):
    row = anna[kind]
    url = detail_url(kind, row)
    change, _field, _after = CHANGES[kind]
    etag = f'"{row.version}"'
    count = MODEL[kind].objects.count()

    read_only = api_as("coord_kba", read_only=True)
    assert read_only.get(url).status_code == 200
    assert read_only.post(list_url(kind), new_row(world, kind), format="json").status_code == 403
    assert read_only.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 403

    evaluator = api_as("evaluator")
    assert evaluator.post(list_url(kind), new_row(world, kind), format="json").status_code == 403
    assert evaluator.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 403

    other = api_as("coord_mdl")  # Mölndal: anna is Kungsbacka's
    assert other.post(list_url(kind), new_row(world, kind), format="json").status_code == 404
    assert other.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 404

    assert MODEL[kind].objects.count() == count
    assert MODEL[kind].objects.get(pk=row.pk).version == row.version


@pytest.mark.parametrize(
    "kind,change,field,message",
    [
        ("measurement", {"date": "2999-01-01"}, "date", "Datumet kan inte vara i framtiden."),
        ("measurement", {"answers": {"q1": 11}}, "answers.q1", "Svaret ska vara mellan 1 och 10."),
        ("measurement", {"answers": {"q1": "fyra"}}, "answers.q1", None),
        ("measurement", {"answers": {"nej": 3}}, "answers", "Frågan nej finns inte i"),
        ("measurement", {"respondent": "granne"}, "respondent", None),
        ("measurement", {"source": "self_link"}, "source", None),
        ("measurement", {"instrument": 9999}, "instrument", None),
        ("measurement", {"answers": {"q1": None, "q2": None, "q3": None}}, "answers", "Minst en fråga"),
        ("intervention", {"start_date": "2022-01-01"}, "start_date", "Startdatum kan inte vara före"),
        ("intervention", {"end_date": "2023-01-20"}, "end_date", "Slutdatum kan inte vara före startdatum."),
        ("contact", {"contact_date": "2999-01-01"}, "contact_date", "Datumet kan inte vara i framtiden."),
        ("contact", {"duration_minutes": 0}, "duration_minutes", "Längden anges i minuter"),
        ("contact", {"staff": ["coord_spik"]}, "staff", "Välj personal som arbetar"),
        ("contact", {"staff": ["ingen-alls"]}, "staff", "Välj personal som arbetar"),
        ("contact", {"channel": "brevduva"}, "channel", None),
        ("plan-goal", {"text": " "}, "text", "Mål: fältet måste fyllas i."),
        ("plan-goal", {"order": 5000}, "order", "Ordning: ange ett heltal från 0 till 999."),
        ("plan-step", {"owner": "annan"}, "owner_name", "Vilken aktör: skriv vem som gör steget"),
        ("plan-step", {"due_date": "snart"}, "due_date", None),
        ("plan-step", {"goal": None}, "goal", None),
    ],
)
def test_bad_input_is_400_naming_the_field(world, anna, api_as, kind, change, field, message):
    count = MODEL[kind].objects.count()
    response = api_as("coord_kba").post(list_url(kind), {**new_row(world, kind), **change}, format="json")
    assert response.status_code == 400, response.content
    errors = problem_fields(response)
    assert field in errors, errors
    if message:
        assert errors[field].startswith(message), errors[field]
    assert MODEL[kind].objects.count() == count


@pytest.mark.parametrize(
    "kind,change,field,message",
    [
        ("measurement", {"date": "2022-01-01"}, "date", "Datumet måste ligga inom inskrivningen"),
        ("intervention", {"start_date": "2022-01-01"}, "start_date", "Startdatum kan inte vara före"),
        ("contact", {"channel": ""}, "channel", None),
        ("plan-goal", {"horizon": "evig"}, "horizon", None),
        ("plan-step", {"what": ""}, "what", "Vad: fältet måste fyllas i."),
    ],
)
def test_a_bad_change_is_400_and_writes_nothing(world, anna, api_as, kind, change, field, message):
    row = anna[kind]
    response = api_as("coord_kba").patch(
        detail_url(kind, row), change, format="json", HTTP_IF_MATCH=f'"{row.version}"'
    )
    assert response.status_code == 400, response.content
    errors = problem_fields(response)
    if message:
        assert errors[field].startswith(message), errors
    else:
        assert field in errors, errors
    assert MODEL[kind].objects.get(pk=row.pk).version == row.version


def test_a_step_for_another_organisations_goal_is_404(world, api_as):
    goal = casework_rows(world, "cia")["plan-goal"]
    response = api_as("coord_kba").post(
        list_url("plan-step"), {"goal": goal.pk, "what": "Ett steg", "owner": "deltagare"}, format="json"
    )
    assert response.status_code == 404


def test_a_measurement_change_keeps_the_answers_not_sent(world, anna, api_as):
    measurement = anna["measurement"]
    response = api_as("coord_kba").patch(
        detail_url("measurement", measurement),
        {"answers": {"q3": 2}, "date": "2023-01-21"},
        format="json",
        HTTP_IF_MATCH=f'"{measurement.version}"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["answers"] == {"q1": 4, "q2": 6, "q3": 2}
    assert body["date"] == "2023-01-21" and body["score"] == 4.0


def test_a_contact_is_removed_with_its_version(world, anna, api_as):
    contact = anna["contact"]
    url = detail_url("contact", contact)
    client = api_as("coord_kba")
    assert client.delete(url).status_code == 428
    assert client.delete(url, HTTP_IF_MATCH='"7"').status_code == 412
    assert api_as("coord_kba", read_only=True).delete(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api_as("coord_mdl").delete(url, HTTP_IF_MATCH='"1"').status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert client.delete(url, HTTP_IF_MATCH=f'"{contact.version}"').status_code == 204
    assert not Contact.objects.filter(pk=contact.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="contacts.contact")
    assert (entry.object_id, entry.person_id) == (str(contact.pk), world.persons["anna"].pk)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "contact"])
def test_rows_other_than_contacts_are_not_removed(world, anna, api_as, kind):
    response = api_as("admin").delete(detail_url(kind, anna[kind]), HTTP_IF_MATCH='"1"')
    assert response.status_code == 405
