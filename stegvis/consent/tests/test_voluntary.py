"""The voluntary ESF+ data is kept only with the person's consent, and goes when the consent goes."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.consent import actions as consent_actions
from stegvis.consent.models import Consent, ConsentKind
from stegvis.core.errors import ActionError
from stegvis.participants import actions
from stegvis.participants.tests.test_views_forms import enrol_data, new_person

pytestmark = pytest.mark.django_db
D = datetime.date


def _enrol(world, **fields):
    return actions.enroll_participant(
        None,
        new_person(world),
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=D(2024, 3, 1),
        **fields,
    )


def test_answers_without_consent_are_refused_at_the_consent_field(world):
    with pytest.raises(ActionError) as error:
        _enrol(world, disability=True)
    assert list(error.value.message_dict) == ["voluntary_consent"]
    with pytest.raises(ActionError):
        _enrol(world, country_of_birth="SO")
    # Unanswered needs no consent.
    assert _enrol(world, disability=None).disability is None


def test_consent_given_with_the_answers_is_recorded_from_the_start(world):
    e = _enrol(world, disability=True, citizenship="SO", voluntary_consent_method="skriftligt")
    consent = Consent.objects.get(enrollment=e, kind=ConsentKind.ESF)
    assert (consent.given_on, consent.method, consent.withdrawn_on) == (D(2024, 3, 1), "skriftligt", None)
    # A citizenship outside the EU/EEA answers "third-country national" when it was left open.
    assert e.third_country_national is True
    # With the consent in force, later answers need nothing more.
    actions.update_enrollment(None, e, version=e.version, minority=False, country_of_birth="SO")
    e.refresh_from_db()
    assert (e.minority, str(e.country_of_birth)) == (False, "SO")
    assert Consent.objects.filter(enrollment=e, kind=ConsentKind.ESF).count() == 1


def test_citizenship_and_country_codes_are_checked(world):
    with pytest.raises(ActionError) as error:
        _enrol(world, citizenship="NO", third_country_national=True, voluntary_consent_method="muntligt")
    assert "third_country_national" in error.value.message_dict
    with pytest.raises(ActionError) as error:
        _enrol(world, country_of_birth="XX", voluntary_consent_method="muntligt")
    assert "ingen landskod" in error.value.message_dict["country_of_birth"][0]
    swede = _enrol(world, citizenship="SE", voluntary_consent_method="muntligt")
    assert swede.third_country_national is False


def test_withdrawing_the_consent_removes_the_answers_and_says_so_in_the_log(world):
    e = _enrol(
        world,
        disability=True,
        foreign_origin=True,
        country_of_birth="SY",
        voluntary_consent_method="digitalt",
    )
    consent = Consent.objects.get(enrollment=e, kind=ConsentKind.ESF)
    consent_actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=D(2024, 5, 1))
    e.refresh_from_db()
    assert (e.disability, e.foreign_origin, str(e.country_of_birth)) == (None, None, "")
    entry = AuditEntry.objects.get(object_id=str(e.pk), detail="samtycke återkallat")
    assert entry.changes["disability"] == [True, None] and entry.changes["country_of_birth"] == ["SY", ""]
    with pytest.raises(ActionError):  # and new answers need a new consent
        actions.update_enrollment(None, e, version=e.version, disability=True)


def test_the_enrol_form_asks_for_the_consent_with_the_answers(world, login_as):
    person = new_person(world)
    client = login_as(world.users["coord_kba"])
    url = reverse("participants:enrol", args=[person.pk])
    refused = client.post(url, enrol_data(world, disability="ja", country_of_birth="SO"))
    assert refused.status_code == 200
    assert "sparas bara om deltagaren har samtyckt" in refused.content.decode()
    no_method = client.post(url, enrol_data(world, disability="ja", voluntary_consent="on"))
    assert "Välj hur deltagaren lämnade samtycket" in no_method.content.decode()
    saved = client.post(
        url,
        enrol_data(
            world,
            disability="ja",
            country_of_birth="SO",
            voluntary_consent="on",
            voluntary_consent_method="skriftligt",
        ),
    )
    assert saved.status_code == 302
    e = person.enrollments.get()
    assert e.disability is True and Consent.objects.filter(enrollment=e, kind=ConsentKind.ESF).exists()
    # The edit form of an enrolment with the consent in force does not ask again.
    edit = client.get(reverse("participants:enrollment_edit", args=[e.pk])).content.decode()
    assert 'name="voluntary_consent"' not in edit and 'name="country_of_birth"' in edit
    assert "Somalia" in client.get(reverse("participants:detail", args=[person.pk])).content.decode()
