"""The consent pages: the participant section, recording and withdrawing, the list of missing consent."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.consent import actions
from stegvis.consent.models import Consent
from stegvis.consent.testing import give
from stegvis.participants import actions as participant_actions

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = datetime.date.today()


def section_of(response):
    html = response.content.decode()
    start = html.index('id="samtycken"')
    return html[start : html.index("</section>", start)]


def detail(client, world, person="anna"):
    return client.get(reverse("participants:detail", args=[world.persons[person].pk]))


def test_section_says_in_words_what_is_and_is_not_consented(world, login_as):
    enrollment = world.enrollments["anna"]
    give(enrollment, "registrering", note="Blankett i pärmen")
    sus = give(enrollment, "sus")
    actions.withdraw_consent(None, sus, version=sus.version, withdrawn_on=D(2023, 8, 1), note="Ville inte")
    give(enrollment, "kontakt", actor_name="Vårdcentralen Norr", method="muntligt")
    response = detail(login_as(world.users["coord_kba"]), world)
    section = section_of(response)
    assert re.search(r"Registrering av personuppgifter</th>\s*<td><span[^>]*>Samtycke finns", section)
    assert re.search(
        r"Rapportering till SUS</th>\s*<td><span[^>]*>Samtycke saknas</span> <span[^>]*>återkallat 2023-08-01",
        section,
    )
    assert "Kontakt med Vårdcentralen Norr" in section and "2023-01-10, muntligt" in section
    assert "Blankett i pärmen" in section
    assert (
        "Återkallat samtycke (1)" in section
        and "lämnat 2023-01-10 (skriftligt på papper), återkallat 2023-08-01" in section
    )
    # Links for staff who may change the enrolment: withdraw what is in force, record what is missing.
    consents = {c.kind: c for c in Consent.objects.filter(withdrawn_on__isnull=True)}
    assert reverse("consent:withdraw", args=[consents["registrering"].pk]) in section
    assert reverse("consent:withdraw", args=[consents["kontakt"].pk]) in section
    assert reverse("consent:create", args=[enrollment.pk]) + "?typ=sus" in section
    assert reverse("consent:create", args=[enrollment.pk]) + "?typ=kontakt" in section


def test_section_without_any_consent_and_read_only_for_those_who_may_not_change(world, login_as):
    section = section_of(detail(login_as(world.users["admin"]), world, "bo"))
    assert section.count("Samtycke saknas") == 2 and "Inget samtycke" in section
    assert "/samtycken/inskrivning/" in section
    # The project leader may change Helhetslyftet's enrolments too; nobody else sees the page at all.
    assert "/samtycken/inskrivning/" in section_of(detail(login_as(world.users["leader"]), world, "bo"))


def test_section_queries_do_not_grow_with_enrolments_and_consents(world, login_as):
    client = login_as(world.users["admin"])
    person = world.persons["anna"]
    with CaptureQueriesContext(connection) as before:
        assert detail(client, world).status_code == 200
    for code in ("spik",):
        participant_actions.enroll_participant(
            None,
            person,
            project=world.projects[code],
            organization=world.orgs["vaxjo"],
            start_date=D(2021, 3, 1),
        )
    for enrollment in person.enrollments.all():
        give(enrollment, "registrering", given_on=enrollment.start_date)
        give(enrollment, "sus", given_on=enrollment.start_date)
        for name in ("Vårdcentralen Norr", "Psykiatrin", "Budget- och skuldrådgivning"):
            give(
                enrollment,
                "kontakt",
                given_on=enrollment.start_date,
                actor_name=name,
                actor_organization=world.orgs["af"],
            )
    from stegvis.consent.participant import section_context
    from stegvis.participants.models import Enrollment

    enrollments = list(Enrollment.objects.filter(person=person).select_related("project"))
    from stegvis.core.access import scope_of

    scope_of(world.users["admin"])  # the user's roles are read once per request, not per section
    with CaptureQueriesContext(connection) as section_queries:
        section_context(world.users["admin"], person, enrollments)
    assert len(section_queries) == 2
    with CaptureQueriesContext(connection) as after:
        response = detail(client, world)
    assert response.status_code == 200 and "Kontakt med Arbetsförmedlingen, Psykiatrin" in section_of(
        response
    )

    # The other apps' sections may add a query per enrolment; this one adds none per consent.
    # (Counted by the table read, so another section joining consents, such as Min sida's
    # withdrawal requests, is not counted as this section's.)
    def consent_queries(captured):
        return [q["sql"] for q in captured.captured_queries if 'FROM "consent_consent"' in q["sql"]]

    assert len(consent_queries(before)) == len(consent_queries(after)) == 1


def test_record_consent_through_the_form(world, login_as):
    client = login_as(world.users["coord_kba"])
    enrollment = world.enrollments["anna"]
    create = reverse("consent:create", args=[enrollment.pk])
    page = client.get(create + "?typ=sus").content.decode()
    assert '<option value="sus" selected>' in page and 'name="recorded_by"' not in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW,
        object_type="participants.enrollment",
        person=world.persons["anna"],
        user=world.users["coord_kba"],
    ).exists()
    response = client.post(create, {"kind": "kontakt", "given_on": "2023-01-12", "method": "digitalt"})
    assert response.status_code == 200
    assert "välj en organisation eller skriv namnet" in response.content.decode()
    response = client.post(
        create,
        {
            "kind": "kontakt",
            "given_on": "2023-01-12",
            "method": "digitalt",
            "actor_organization": world.orgs["af"].pk,
            "actor_name": "",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#samtycken")
    consent = Consent.objects.get()
    assert consent.actor_organization == world.orgs["af"] and consent.recorded_by == world.users["coord_kba"]
    response = client.post(create, {"kind": "sus", "given_on": "2099-01-01", "method": "skriftligt"})
    assert response.status_code == 200 and "Datumet kan inte vara i framtiden." in response.content.decode()
    response = client.post(create, {"kind": "sus", "given_on": "inte ett datum", "method": "skriftligt"})
    assert response.status_code == 200 and Consent.objects.count() == 1


def test_withdraw_through_the_form_with_conflict_detection(world, login_as):
    client = login_as(world.users["coord_kba"])
    consent = give(world.enrollments["anna"], "sus")
    withdraw = reverse("consent:withdraw", args=[consent.pk])
    page = client.get(withdraw).content.decode()
    assert "Rapportering till SUS" in page and 'name="version" value="1"' in page
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="consent.consent", person=world.persons["anna"]
    ).exists()
    response = client.post(withdraw, {"withdrawn_on": "2023-01-01", "version": "1"})
    assert "före den dag det lämnades" in response.content.decode()
    # Someone else withdrew it meanwhile: the form is refused with what happened, nothing overwritten.
    actions.withdraw_consent(None, consent, version=1, withdrawn_on=D(2023, 3, 1))
    response = client.post(withdraw, {"withdrawn_on": "2023-04-01", "version": "1"})
    assert (
        response.status_code == 200
        and "Samtycket återkallades redan 2023-03-01." in response.content.decode()
    )
    assert Consent.objects.get().withdrawn_on == D(2023, 3, 1)
    assert "Samtycket återkallades redan 2023-03-01." in client.get(withdraw).content.decode()


def test_withdraw_form_success(world, login_as):
    client = login_as(world.users["leader"])
    consent = give(world.enrollments["bo"], "registrering")
    response = client.post(
        reverse("consent:withdraw", args=[consent.pk]),
        {"withdrawn_on": "2023-05-05", "version": "1", "note": "Per telefon"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == D(2023, 5, 5) and consent.withdrawn_recorded_by == world.users["leader"]


def test_missing_list_shows_whom_the_user_may_see_and_is_audited(world, login_as):
    give(world.enrollments["bo"], "registrering")
    client = login_as(world.users["leader"])
    html = client.get(reverse("consent:missing")).content.decode()
    assert "Anna Andersson" in html and "Bo Berg" not in html and "Cia" not in html
    assert reverse("consent:create", args=[world.enrollments["anna"].pk]) + "?typ=registrering" in html
    html = client.get(reverse("consent:missing"), {"missing": "sus"}).content.decode()
    assert "Anna Andersson" in html and "Bo Berg" in html
    viewed = AuditEntry.objects.filter(
        action=AuditAction.VIEW, user=world.users["leader"], object_type="participants.person"
    )
    assert set(viewed.values_list("person_id", flat=True)) == {
        world.persons["anna"].pk,
        world.persons["bo"].pk,
    }
    html = login_as(world.users["coord_mdl"]).get(reverse("consent:missing")).content.decode()
    assert "Anna" not in html and "Alla aktiva inskrivningar har samtycke." in html
    # Ended enrolments are not on the list.
    anna = world.enrollments["anna"]
    participant_actions.register_exit(
        None, anna, version=anna.version, end_date=D(2023, 6, 30), exit_reason="arbete"
    )
    html = login_as(world.users["coord_kba"]).get(reverse("consent:missing")).content.decode()
    assert "Anna" not in html


def test_missing_list_queries_do_not_grow_with_rows(world, login_as, django_assert_max_num_queries):
    from stegvis.participants.tests.helpers import add_enrolled_persons

    client = login_as(world.users["leader"])
    with CaptureQueriesContext(connection) as before:
        assert client.get(reverse("consent:missing")).status_code == 200
    add_enrolled_persons(world, 30)
    with django_assert_max_num_queries(len(before)):
        response = client.get(reverse("consent:missing"))
    assert "32 inskrivningar" in response.content.decode()
