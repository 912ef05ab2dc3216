"""The intake actions: what they accept, refuse, write and audit."""

import datetime

import pytest
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.intake import actions
from stegvis.intake.models import (
    CallbackAttempt,
    IntakeRequest,
    IntakeSettings,
    Outcome,
    Status,
    retention_days_of,
)
from stegvis.intake.testing import REQUEST, make_page, make_request
from stegvis.participants.models import Enrollment, Person

pytestmark = pytest.mark.django_db


def _errors(excinfo):
    return excinfo.value.message_dict


def test_submit_stores_only_the_form_and_audits_without_personal_data(world):
    r = make_request(world, language="ar")
    r.refresh_from_db()
    assert (r.name, r.contact_method, r.phone, r.email, r.status, r.language) == (
        "Nora Nilsson",
        "sms",
        "070-123 45 67",
        "",
        Status.NEW,
        "ar",
    )
    entry = AuditEntry.objects.get(object_type="intake.intakerequest", object_id=str(r.pk))
    assert entry.user is None and entry.changes == {}
    assert "Nora" not in entry.detail and "070" not in entry.detail


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"name": " "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"contact_method": "fax"}, "contact_method"),
        ({"contact_method": "phone", "phone": "ring mig"}, "phone"),
        ({"contact_method": "sms", "phone": "123"}, "phone"),
        ({"contact_method": "email", "email": "inte-en-adress"}, "email"),
        ({"best_time": "natt"}, "best_time"),
        ({"message": "x" * 501}, "message"),
        ({"age_group": ""}, "age_group"),
    ],
)
def test_submit_refuses_bad_input_at_the_field(world, fields, field):
    page = make_page(world)
    with pytest.raises(ActionError) as excinfo:
        actions.submit_request(page, **{**REQUEST, **fields})
    assert field in _errors(excinfo)
    assert not IntakeRequest.objects.exists()


def test_email_contact_keeps_only_the_address(world):
    r = make_request(world, contact_method="email", email="nora@example.se", phone="070-1111111")
    assert (r.email, r.phone, r.contact_value) == ("nora@example.se", "", "nora@example.se")


def test_callback_moves_new_to_contacting_and_is_audited(world):
    r = make_request(world)
    user = world.users["coord_kba"]
    attempt = actions.log_callback(user, r, result="no_answer", note="Ringde 10.15")
    r.refresh_from_db()
    assert r.status == Status.CONTACTING
    assert attempt.attempted_by == user and attempt.note == "Ringde 10.15"
    assert AuditEntry.objects.filter(
        object_type="intake.callbackattempt", object_id=str(attempt.pk), user=user
    ).exists()
    actions.log_callback(user, r, result="reached")
    assert r.attempts.count() == 2


def test_callback_refusals(world):
    r = make_request(world)
    with pytest.raises(ActionError) as excinfo:
        actions.log_callback(world.users["coord_kba"], r, result="maybe")
    assert "result" in _errors(excinfo)
    with pytest.raises(ActionError) as excinfo:
        actions.log_callback(
            world.users["coord_kba"],
            r,
            result="reached",
            attempted_at=timezone.now() + datetime.timedelta(days=1),
        )
    assert "attempted_at" in _errors(excinfo)
    with pytest.raises(NotAllowed):
        actions.log_callback(world.users["coord_mdl"], r, result="reached")
    assert not CallbackAttempt.objects.exists()


def test_close_and_reopen_with_version(world):
    r = make_request(world)
    user = world.users["leader"]
    actions.close_request(user, r, version=r.version, outcome=Outcome.REFERRED, note="Till AF")
    r.refresh_from_db()
    assert (r.status, r.outcome, r.outcome_note, r.closed_by) == (Status.CLOSED, "referred", "Till AF", user)
    actions.reopen_request(user, r, version=r.version)
    r.refresh_from_db()
    assert (r.status, r.outcome, r.closed_at) == (Status.NEW, "", None)
    with pytest.raises(ConflictError):  # a form opened before the reopening
        actions.close_request(
            user, IntakeRequest.objects.get(pk=r.pk), version=r.version - 1, outcome=Outcome.NO_ANSWER
        )


def test_closing_twice_from_stale_forms_conflicts(world):
    r = make_request(world)
    first, second = IntakeRequest.objects.get(pk=r.pk), IntakeRequest.objects.get(pk=r.pk)
    actions.close_request(world.users["coord_kba"], first, version=first.version, outcome=Outcome.NO_ANSWER)
    with pytest.raises(ConflictError):
        actions.close_request(
            world.users["leader"], second, version=second.version, outcome=Outcome.NOT_TARGET
        )
    r.refresh_from_db()
    assert r.outcome == Outcome.NO_ANSWER


def test_closing_as_enrolled_by_hand_is_refused(world):
    r = make_request(world)
    with pytest.raises(ActionError) as excinfo:
        actions.close_request(world.users["coord_kba"], r, version=r.version, outcome=Outcome.ENROLLED)
    assert "outcome" in _errors(excinfo)


def _convert(world, r, user="coord_kba", **kw):
    fields = {"first_name": "Nora", "last_name": "Nilsson", "gender": "K", "phone": r.phone}
    if "personnummer" not in kw:
        fields["birth_year"] = 2007
    return actions.convert_request(
        world.users[user],
        r,
        version=r.version,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2024, 5, 2),
        person_fields=fields,
        **kw,
    )


def test_convert_registers_enrols_with_egenremiss_and_keeps_the_link(world):
    r = make_request(world)
    enrollment = _convert(world, r)
    r.refresh_from_db()
    assert r.enrollment == enrollment
    assert (r.status, r.outcome) == (Status.CLOSED, Outcome.ENROLLED)
    assert (enrollment.intake_channel, enrollment.referrer) == ("egenremiss", "egenremiss")
    assert enrollment.person.registered_by == world.orgs["kungsbacka"]
    assert enrollment.person.phone == "070-123 45 67"
    assert AuditEntry.objects.filter(
        object_type="intake.intakerequest", object_id=str(r.pk), person=enrollment.person
    ).exists()
    with pytest.raises(ActionError):
        _convert(world, r)


def test_convert_reuses_the_person_with_the_same_personnummer(world):
    anna = world.persons["anna"]
    r = make_request(world, name="Anna Andersson")
    before = Person.objects.count()
    # Anna is enrolled in Helhetslyftet until further notice: end it so she may be enrolled again.
    Enrollment.objects.filter(pk=world.enrollments["anna"].pk).update(
        end_date=datetime.date(2024, 1, 31), exit_reason="annat"
    )
    enrollment = _convert(world, r, personnummer="19850101-0204")
    assert Person.objects.count() == before
    assert enrollment.person == anna


def test_convert_does_not_reveal_or_reuse_a_person_the_user_may_not_see(world):
    # Bo is Mölndal's participant; Kungsbacka's coordinator types his number.
    Person.objects.filter(pk=world.persons["bo"].pk).update(personnummer="199001010207")
    r = make_request(world)
    with pytest.raises(ActionError) as excinfo:
        _convert(world, r, personnummer="900101-0207")
    assert _errors(excinfo)["personnummer"] == ["Det finns redan en deltagare med det här personnumret."]
    r.refresh_from_db()
    assert r.enrollment is None and r.status == Status.NEW


def test_convert_refused_for_staff_of_another_organisation(world):
    r = make_request(world)
    with pytest.raises(NotAllowed):
        _convert(world, r, user="coord_mdl")


def test_pages_only_by_admins_and_the_projects_leader(world):
    with pytest.raises(NotAllowed):
        actions.create_page(
            world.users["coord_kba"],
            organization=world.orgs["kungsbacka"],
            project=world.projects["helhetslyftet"],
            slug="kba",
            name="X",
            contact="Y",
        )
    with pytest.raises(NotAllowed):
        actions.create_page(
            world.users["leader"],
            organization=world.orgs["vaxjo"],
            project=world.projects["spik"],
            slug="vxo",
            name="X",
            contact="Y",
        )
    page = actions.create_page(
        world.users["leader"],
        organization=world.orgs["molndal"],
        project=world.projects["helhetslyftet"],
        slug="mdl-unga",
        name="Unga",
        contact="Ring",
    )
    assert page.created_by == world.users["leader"]
    with pytest.raises(ActionError) as excinfo:
        actions.create_page(
            world.users["admin"],
            organization=world.orgs["vaxjo"],
            project=world.projects["helhetslyftet"],
            slug="MDL unga!",
            name="",
            contact="",
        )
    assert {"slug", "name", "contact", "project"} <= set(_errors(excinfo))
    with pytest.raises(ActionError) as excinfo:
        actions.create_page(
            world.users["admin"],
            organization=world.orgs["kungsbacka"],
            slug="mdl-unga",
            name="Dubblett",
            contact="Ring",
        )
    assert "slug" in _errors(excinfo)


def test_update_page_with_version(world):
    page = make_page(world)
    actions.update_page(world.users["leader"], page, version=page.version, name="Nytt namn", is_active=False)
    page.refresh_from_db()
    assert (page.name, page.is_active, page.version) == ("Nytt namn", False, 2)
    with pytest.raises(ConflictError):
        actions.update_page(world.users["admin"], page, version=1, name="Gammalt")
    with pytest.raises(NotAllowed):
        actions.update_page(world.users["coord_kba"], page, version=page.version, name="Coord")


def test_retention_days_default_set_and_validated(world):
    kba = world.orgs["kungsbacka"]
    assert retention_days_of(kba) == 90
    actions.set_retention_days(world.users["admin"], kba, retention_days=30)
    assert retention_days_of(kba) == 30
    current = IntakeSettings.objects.get(organization=kba)
    actions.set_retention_days(world.users["admin"], kba, retention_days=60, version=current.version)
    assert retention_days_of(kba) == 60
    for bad in (0, 5000, "tio"):
        with pytest.raises(ActionError) as excinfo:
            actions.set_retention_days(world.users["admin"], kba, retention_days=bad)
        assert "retention_days" in _errors(excinfo)
    with pytest.raises(NotAllowed):
        actions.set_retention_days(world.users["leader"], kba, retention_days=10)
    with pytest.raises(ConflictError):
        actions.set_retention_days(world.users["admin"], kba, retention_days=10, version=1)
