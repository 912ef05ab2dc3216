"""What Min sida shows, to whom, and what the participant can do there."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.casework.actions import update_step
from stegvis.casework.models import PlanStep, StepStatus
from stegvis.casework.testing import anna_goal, anna_step
from stegvis.consent.actions import give_consent, withdraw_consent
from stegvis.minsida.models import WithdrawalRequest
from stegvis.minsida.reminders import withdrawal_requests_waiting
from stegvis.minsida.tests.helpers import (
    HOME,
    end_annas_enrolment,
    fill,
    make_link,
    open_session,
    self_assessment,
)
from stegvis.progression.models import SelfAssessmentLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(world, client):
    data = fill(world)
    _link, raw = make_link(world)
    open_session(client, raw)
    return data


def test_the_page_shows_progress_plan_meetings_consents_and_whom_to_contact(world, client, anna):
    world.users["coord_kba"].__class__.objects.filter(pk=world.users["coord_kba"].pk).update(
        first_name="Karin", last_name="Berg", email="karin.berg@kungsbacka.se"
    )
    html = client.get(HOME).content.decode()
    # Progress: the spider chart (first and latest) and the answers by date.
    assert 'class="chart chart--radar chart--phone"' in html
    assert "Första gången (2023-01-15)" in html and "Senaste gången (2023-04-20)" in html
    assert '<th scope="col" class="ms-num">2023-<wbr>01-15</th>' in html
    assert "Veta vägen till jobb" in html
    # The plan, staff's words as written, the participant's own step with its button.
    assert "Jobb inom förskolan" in html and "Söka tre jobb" in html and "Boka praktik" in html
    assert html.count("Jag har gjort det") == 1
    # Meetings to come: the contact booked and the next network meeting, not staff notes.
    today = datetime.date.today()
    assert (today + datetime.timedelta(days=3)).isoformat() in html
    assert (today + datetime.timedelta(days=10)).isoformat() in html
    assert "Telefonsamtal" in html and "Möte om din plan med flera aktörer (SIP)" in html
    assert "Hemligt" not in html and "Intern anteckning" not in html
    # Consents in words, each with a way to ask to withdraw it.
    assert "Du har sagt ja till att projektet sparar uppgifter om dig." in html
    assert "Vårdcentralen Norr" in html
    assert html.count("Jag vill ta tillbaka det här") == 3
    # Whom to contact.
    assert "Karin Berg" in html and "mailto:karin.berg@kungsbacka.se" in html
    # Never a personnummer.
    assert "19850101" not in html and "0204" not in html


def test_staff_texts_keep_their_language_on_a_translated_page(world, client, anna):
    client.post(reverse("minsida:language"), {"language": "ar", "next": HOME})
    html = client.get(HOME).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<span lang="sv">Jobb inom förskolan</span>' in html
    assert '<strong lang="sv">Vårdcentralen Norr</strong>' in html


def test_every_view_is_audited_as_the_participant_reading_their_own_page(world, client, anna):
    before = AuditEntry.objects.filter(action=AuditAction.VIEW).count()
    client.get(HOME)
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("pk")
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert entry.user is None and entry.person == world.persons["anna"]
    assert entry.detail == "Deltagaren läste sin egen sida (Min sida): Min sida"


def test_the_page_is_a_fixed_number_of_queries(world, client, anna, django_assert_max_num_queries):
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    goal = anna_goal(world, text="Ett mål till")
    for n in range(5):
        anna_step(world, goal, what=f"Steg {n}", owner="deltagare")
    self_assessment(world, datetime.date(2023, 7, 1), 5)
    with CaptureQueriesContext(connection) as more:
        client.get(HOME)
    assert len(more) == len(few)
    with django_assert_max_num_queries(24):
        client.get(HOME)


def test_marking_an_own_step_done_is_audited_and_staff_see_it(world, client, anna, login_as):
    step = anna["own"]
    response = client.post(reverse("minsida:step_done"), {"step": step.pk, "version": step.version})
    assert response.status_code == 302 and response["Location"] == HOME + "#plan"
    step.refresh_from_db()
    assert step.status == StepStatus.KLAR and step.done_by_participant_at is not None
    entry = AuditEntry.objects.filter(object_type="casework.planstep", action=AuditAction.UPDATE).latest("pk")
    assert entry.user is None and entry.person == world.persons["anna"]
    assert entry.detail == "Markerat klart av deltagaren på Min sida"
    assert entry.changes == {"status": ["planerad", "klar"]}
    html = client.get(HOME).content.decode()
    assert "Bra! Nu står det att du har gjort det." in html
    assert "Jag har gjort det" not in html
    staff = login_as(world.users["coord_kba"])
    plan = staff.get(reverse("casework:plan", args=[world.enrollments["anna"].pk])).content.decode()
    assert "markerat klart av deltagaren" in plan
    # Staff setting it back takes the mark away.
    update_step(world.users["coord_kba"], step, version=step.version, status=StepStatus.PAGAR)
    step.refresh_from_db()
    assert step.done_by_participant_at is None


def test_only_own_open_steps_of_the_session_can_be_marked(world, client, anna):
    theirs = anna["theirs"]
    client.post(reverse("minsida:step_done"), {"step": theirs.pk, "version": theirs.version})
    theirs.refresh_from_db()
    assert theirs.status == StepStatus.PLANERAD
    assert "Det här steget kan du inte markera som klart här." in client.get(HOME).content.decode()
    # Another person's step (bo, Mölndal) does not exist for anna's session.
    bo_goal = anna_goal(world)
    bo_goal.enrollment = world.enrollments["bo"]
    bo_goal.save()
    bo_step = anna_step(world, bo_goal, owner="deltagare")
    response = client.post(reverse("minsida:step_done"), {"step": bo_step.pk, "version": bo_step.version})
    assert response.status_code == 404
    assert PlanStep.objects.get(pk=bo_step.pk).status == StepStatus.PLANERAD
    for value in ("", "x", "99999999999999999999"):
        assert client.post(reverse("minsida:step_done"), {"step": value}).status_code == 404
    # A stale version is a conflict, not a lost update.
    own = anna["own"]
    response = client.post(reverse("minsida:step_done"), {"step": own.pk, "version": own.version + 5})
    assert PlanStep.objects.get(pk=own.pk).status == StepStatus.PLANERAD
    assert "Planen har ändrats" in client.get(HOME).content.decode()


def test_other_peoples_consents_and_enrolments_are_not_reachable(world, client, anna):
    bo_consent = give_consent(
        None,
        world.enrollments["bo"],
        kind="registrering",
        given_on=datetime.date(2023, 2, 1),
        method="skriftligt",
    )
    assert client.get(reverse("minsida:withdraw", args=[bo_consent.pk])).status_code == 404
    assert client.post(reverse("minsida:withdraw", args=[bo_consent.pk])).status_code == 404
    assert not WithdrawalRequest.objects.exists()
    response = client.post(reverse("minsida:self_assessment"), {"enrollment": world.enrollments["bo"].pk})
    assert response.status_code == 404
    assert not SelfAssessmentLink.objects.exists()
    html = client.get(HOME).content.decode()
    assert "Berg" not in html and "Mölndal" not in html


def test_a_withdrawal_request_reaches_staff(world, client, anna, login_as):
    consent = anna["consents"]["sus"]
    page = client.get(reverse("minsida:withdraw", args=[consent.pk])).content.decode()
    assert "SUS är ett system" in page and "Ja, jag vill ta tillbaka det" in page
    response = client.post(reverse("minsida:withdraw", args=[consent.pk]))
    assert response["Location"] == HOME + "#samtycken"
    request = WithdrawalRequest.objects.get()
    assert request.consent == consent and request.via == "link"
    entry = AuditEntry.objects.filter(object_type="minsida.withdrawalrequest").get()
    assert entry.user is None and entry.person == world.persons["anna"]
    html = client.get(HOME).content.decode()
    assert "Du har bett att få ta tillbaka det här. Din koordinator kontaktar dig." in html
    client.post(reverse("minsida:withdraw", args=[consent.pk]))  # asking again is the same request
    assert WithdrawalRequest.objects.count() == 1
    # Staff: the participant page, the list, the daily reminder.
    staff = login_as(world.users["coord_kba"])
    detail = staff.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert "Deltagaren vill återkalla ett samtycke" in detail
    assert "Anna Andersson" in staff.get(reverse("minsida:requests")).content.decode()
    assert withdrawal_requests_waiting(world.users["coord_kba"], datetime.date.today()) == 1
    assert withdrawal_requests_waiting(world.users["coord_mdl"], datetime.date.today()) == 0
    other = login_as(world.users["coord_mdl"])
    assert "Anna" not in other.get(reverse("minsida:requests")).content.decode()
    # Withdrawing the consent answers it.
    consent.refresh_from_db()
    withdraw_consent(
        world.users["coord_kba"], consent, version=consent.version, withdrawn_on=datetime.date.today()
    )
    assert withdrawal_requests_waiting(world.users["coord_kba"], datetime.date.today()) == 0


def test_staff_can_mark_a_request_handled(world, client, anna, login_as):
    consent = anna["consents"]["kontakt"]
    client.post(reverse("minsida:withdraw", args=[consent.pk]))
    request = WithdrawalRequest.objects.get()
    assert (
        login_as(world.users["coord_mdl"])
        .post(reverse("minsida:request_handled", args=[request.pk]))
        .status_code
        == 404
    )
    staff = login_as(world.users["coord_kba"])
    response = staff.post(reverse("minsida:request_handled", args=[request.pk]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.handled_by == world.users["coord_kba"]
    assert withdrawal_requests_waiting(world.users["coord_kba"], datetime.date.today()) == 0


def test_a_due_self_assessment_is_answered_from_min_sida(world, client):
    _link, raw = make_link(world, language="so")
    open_session(client, raw)
    html = client.get(HOME).content.decode()
    assert reverse("minsida:self_assessment") in html  # no measurement yet: the baseline is due
    response = client.post(reverse("minsida:self_assessment"), {"enrollment": world.enrollments["anna"].pk})
    assert response.status_code == 302 and response["Location"].startswith("/s/")
    link = SelfAssessmentLink.objects.get()
    assert link.created_by is None and link.language == "so" and link.channel == "Min sida"
    assert client.get(response["Location"]).status_code == 200
    entry = AuditEntry.objects.filter(object_type="progression.selfassessmentlink").get()
    assert entry.user is None and entry.person == world.persons["anna"]


def test_no_self_assessment_link_when_none_is_due(world, client):
    self_assessment(world, datetime.date.today() - datetime.timedelta(days=2), 6)
    _link, raw = make_link(world)
    open_session(client, raw)
    assert reverse("minsida:self_assessment") not in client.get(HOME).content.decode()
    client.post(reverse("minsida:self_assessment"), {"enrollment": world.enrollments["anna"].pk})
    assert not SelfAssessmentLink.objects.exists()


def test_a_protected_identity_sees_their_page_without_a_number(world, client):
    _link, raw = make_link(world, person="cia")
    open_session(client, raw)
    html = client.get(HOME).content.decode()
    assert "Hej Cia!" in html
    assert "19700202" not in html and "0209" not in html


def test_an_ended_enrolment_gets_no_new_link(world):
    from stegvis.core.errors import ActionError

    end_annas_enrolment(world)
    with pytest.raises(ActionError):
        make_link(world)


def test_a_step_already_done_by_staff_cannot_be_marked(world, client, anna):
    own = anna["own"]
    update_step(world.users["coord_kba"], own, version=own.version, status=StepStatus.KLAR)
    own.refresh_from_db()
    client.post(reverse("minsida:step_done"), {"step": own.pk, "version": own.version})
    own.refresh_from_db()
    assert own.done_by_participant_at is None
