"""Consent actions: validation by field, audit, withdrawal that keeps history, giving again, conflicts."""

import datetime

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.consent import actions
from stegvis.consent.models import Consent
from stegvis.consent.testing import give
from stegvis.core.errors import ActionError, ConflictError, NotAllowed

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()


def messages(error):
    return error.value.message_dict


def test_give_records_who_when_how_and_audits_with_the_person(world):
    coordinator = world.users["coord_kba"]
    enrollment = world.enrollments["anna"]
    consent = actions.give_consent(
        coordinator,
        enrollment,
        kind="sus",
        given_on=D(2023, 1, 9),
        method="skriftligt",
        note="  Blanketten i pärmen.  ",
    )
    consent.refresh_from_db()
    assert (consent.kind, consent.given_on, consent.method, consent.note) == (
        "sus",
        D(2023, 1, 9),
        "skriftligt",
        "Blanketten i pärmen.",
    )
    assert (
        consent.recorded_by == coordinator
        and consent.recorded_at is not None
        and consent.withdrawn_on is None
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="consent.consent")
    assert (
        entry.user == coordinator
        and entry.person == world.persons["anna"]
        and entry.object_id == str(consent.pk)
    )
    assert entry.changes["kind"] == [None, "sus"] and entry.changes["given_on"] == [None, "2023-01-09"]


def test_every_field_problem_at_its_field_at_once(world):
    with pytest.raises(ActionError) as error:
        actions.give_consent(None, world.enrollments["anna"], kind="", given_on=None, method="telepatiskt")
    assert set(messages(error)) == {"kind", "given_on", "method"}
    assert messages(error)["kind"] == ["Välj vad samtycket gäller."]
    assert messages(error)["method"] == ["Välj hur samtycket lämnades."]
    assert messages(error)["given_on"] == ["Ange datum då samtycket lämnades."]
    with pytest.raises(ActionError) as error:
        give(world.enrollments["anna"], "sus", given_on=TODAY + datetime.timedelta(days=1))
    assert messages(error) == {"given_on": ["Datumet kan inte vara i framtiden."]}
    assert (
        not Consent.objects.exists() and not AuditEntry.objects.filter(object_type="consent.consent").exists()
    )


def test_contact_needs_an_actor_and_only_contact_has_one(world):
    enrollment = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        give(enrollment, "kontakt", actor_name="   ")
    assert "välj en organisation eller skriv namnet" in messages(error)["actor_name"][0]
    with pytest.raises(ActionError) as error:
        give(enrollment, "sus", actor_organization=world.orgs["af"])
    assert messages(error) == {"actor_name": ["Aktör anges bara för samtycke till kontakt med annan aktör."]}
    with pytest.raises(ActionError) as error:
        give(enrollment, "kontakt", actor_name="x" * 201)
    assert messages(error) == {"actor_name": ["Aktörens namn får vara högst 200 tecken."]}
    af = give(enrollment, "kontakt", actor_organization=world.orgs["af"])
    clinic = give(enrollment, "kontakt", actor_name="  Vårdcentralen   Norr ")
    both = give(
        enrollment, "kontakt", actor_organization=world.orgs["af"], actor_name="Rehabiliterande insatser"
    )
    assert clinic.actor_name == "Vårdcentralen Norr"
    assert [c.actor_label for c in (af, clinic, both)] == [
        "Arbetsförmedlingen",
        "Vårdcentralen Norr",
        "Arbetsförmedlingen, Rehabiliterande insatser",
    ]
    # The same actor again (whatever the case and spacing) while the first is in force: refused.
    with pytest.raises(ActionError) as error:
        give(enrollment, "kontakt", actor_name="vårdcentralen norr")
    assert messages(error)["actor_name"] == [
        "Kontakt med Vårdcentralen Norr: samtycke är redan registrerat och gäller sedan 2023-01-10. "
        "Återkalla det först om något har ändrats."
    ]


def test_one_consent_of_a_kind_in_force(world):
    enrollment = world.enrollments["anna"]
    give(enrollment, "sus")
    with pytest.raises(ActionError) as error:
        give(enrollment, "sus", given_on=D(2023, 2, 1))
    assert messages(error)["kind"] == [
        "Rapportering till SUS: samtycke är redan registrerat och gäller sedan 2023-01-10. "
        "Återkalla det först om något har ändrats."
    ]
    give(enrollment, "registrering")  # another kind is fine
    give(world.enrollments["bo"], "sus")  # and another enrolment


def test_withdraw_keeps_the_record_and_consent_can_be_given_again(world):
    coordinator = world.users["coord_kba"]
    enrollment = world.enrollments["anna"]
    first = give(enrollment, "sus", given_on=D(2023, 1, 10))
    actions.withdraw_consent(
        coordinator,
        first,
        version=first.version,
        withdrawn_on=D(2023, 6, 1),
        note="Ringde och ville inte längre.",
    )
    first.refresh_from_db()
    assert first.withdrawn_on == D(2023, 6, 1) and first.withdrawn_recorded_by == coordinator
    assert (
        first.withdrawn_recorded_at is not None and first.withdrawal_note == "Ringde och ville inte längre."
    )
    assert first.version == 2
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="consent.consent")
    assert entry.person == world.persons["anna"] and entry.changes["withdrawn_on"] == [None, "2023-06-01"]
    # Given again: not from before the withdrawal, but from that day on.
    with pytest.raises(ActionError) as error:
        give(enrollment, "sus", given_on=D(2023, 5, 1))
    assert "återkallades 2023-06-01" in messages(error)["given_on"][0]
    again = give(enrollment, "sus", given_on=D(2023, 6, 1))
    assert Consent.objects.filter(enrollment=enrollment, kind="sus").count() == 2
    assert [c.pk for c in Consent.objects.filter(withdrawn_on__isnull=True)] == [again.pk]


def test_withdraw_validation_and_conflicts(world):
    consent = give(world.enrollments["anna"], "registrering", given_on=D(2023, 1, 10))
    with pytest.raises(ActionError) as error:
        actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=D(2023, 1, 9))
    assert messages(error) == {
        "withdrawn_on": ["Samtycket kan inte återkallas före den dag det lämnades (2023-01-10)."]
    }
    with pytest.raises(ActionError) as error:
        actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=None)
    assert messages(error) == {"withdrawn_on": ["Ange datum då samtycket återkallades."]}
    with pytest.raises(ActionError) as error:
        actions.withdraw_consent(
            None, consent, version=consent.version, withdrawn_on=TODAY + datetime.timedelta(days=2)
        )
    assert messages(error) == {"withdrawn_on": ["Datumet kan inte vara i framtiden."]}
    stale = Consent.objects.get(pk=consent.pk)
    actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=D(2023, 3, 1))
    with pytest.raises(ConflictError):
        actions.withdraw_consent(None, stale, version=stale.version, withdrawn_on=D(2023, 4, 1))
    with pytest.raises(ActionError) as error:
        actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=D(2023, 4, 1))
    assert error.value.messages == ["Samtycket återkallades redan 2023-03-01."]
    assert Consent.objects.get().withdrawn_on == D(2023, 3, 1)


def test_only_staff_who_may_change_the_enrolment(world):
    enrollment = world.enrollments["anna"]
    for role in ("coord_mdl", "coord_spik", "evaluator", "norole"):
        with pytest.raises(NotAllowed):
            actions.give_consent(
                world.users[role], enrollment, kind="sus", given_on=D(2023, 1, 10), method="muntligt"
            )
    consent = give(enrollment, "sus")
    with pytest.raises(NotAllowed):
        actions.withdraw_consent(world.users["coord_mdl"], consent, version=1, withdrawn_on=D(2023, 2, 1))
    actions.give_consent(
        world.users["leader"], enrollment, kind="registrering", given_on=D(2023, 1, 10), method="digitalt"
    )


def test_database_refuses_a_second_consent_in_force(world):
    """The partial unique index is the last line when two people save at the same moment."""
    from django.db import IntegrityError, transaction

    consent = give(world.enrollments["anna"], "sus")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            enrollment=consent.enrollment, kind="sus", given_on=D(2023, 2, 1), method="digitalt"
        )


def test_two_people_recording_the_same_consent_at_once(world, monkeypatch):
    """The second save loses at the unique index and gets the same clear message, not a 500."""
    enrollment = world.enrollments["anna"]
    give(enrollment, "sus", given_on=D(2023, 1, 10))
    # As if the other person's consent was saved after this one's check had run.
    monkeypatch.setattr(actions, "_check_history", lambda consent: None)
    with pytest.raises(ActionError) as error:
        actions.give_consent(
            world.users["coord_kba"], enrollment, kind="sus", given_on=D(2023, 1, 11), method="digitalt"
        )
    assert messages(error)["kind"][0].startswith(
        "Rapportering till SUS: samtycke är redan registrerat och gäller sedan 2023-01-10."
    )
    assert Consent.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="consent.consent").count() == 1
