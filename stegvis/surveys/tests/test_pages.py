"""The participant's survey page and the staff pages: links, section, settings, due list."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stegvis.surveys import actions
from stegvis.surveys.defaults import STATEMENT_CODES
from stegvis.surveys.models import Mode, ProjectSurveySettings, SurveyLink, SurveyResponse
from stegvis.surveys.testing import end_enrollment, make_link

pytestmark = pytest.mark.django_db


def answer_url(raw):
    return reverse("surveys:answer", args=[raw])


def test_the_survey_page_shows_only_the_questions_in_swedish(world, client):
    _link, raw = make_link(world)
    response = client.get(answer_url(raw))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv" dir="ltr">' in html
    assert "Insatsen har varit till hjälp för mig" in html and "Stämmer helt" in html and "Vet inte" in html
    assert html.count("<fieldset") == len(STATEMENT_CODES) and html.count("<legend") == len(STATEMENT_CODES)
    assert html.count("<textarea") == 2 and 'for="id_q_basta"' in html
    assert "Andersson" not in html and "Anna" not in html and "19850101" not in html
    assert "Du är anonym" in html
    assert response["Cache-Control"] == "no-store" and "noindex" in response["X-Robots-Tag"]


def test_arabic_link_is_right_to_left_and_translated(world, client):
    _link, raw = make_link(world, language="ar")
    html = client.get(answer_url(raw)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "كان البرنامج مفيدًا لي" in html  # the statement, from the database
    assert "Stämmer helt" not in html  # the scale words, from the catalogue
    assert "Skicka svaren" not in html


def test_plain_swedish_link_shows_the_swedish_survey(world, client):
    """Surveys have no plain-Swedish texts yet: a link in plain Swedish falls back to Swedish."""
    _link, raw = make_link(world, language="sv-enkel")
    html = client.get(answer_url(raw)).content.decode()
    assert '<html lang="sv-enkel" dir="ltr">' in html
    assert "Insatsen har varit till hjälp för mig" in html and "Stämmer helt" in html


def test_answering_then_thanks_then_gone(world, client):
    link, raw = make_link(world)
    data = {f"q_{code}": "4" for code in STATEMENT_CODES} | {"q_integration": "x", "q_battre": "Mer praktik"}
    response = client.post(answer_url(raw), data)
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks", args=[raw])
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Tack för dina svar" in thanks.content.decode()
    assert SurveyLink.objects.get(pk=link.pk).is_answered
    again = client.get(answer_url(raw))
    assert again.status_code == 410 and again["X-Stegvis-Link"] == "used"
    assert client.post(answer_url(raw), data).status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_bad_input_is_a_message_at_the_question_not_an_error_page(world, client):
    _link, raw = make_link(world)
    response = client.post(answer_url(raw), {"q_insatsen-till-hjalp": "9"})
    assert response.status_code == 200
    assert "Välj ett av svaren." in response.content.decode()
    empty = client.post(answer_url(raw), {})
    assert empty.status_code == 200 and "Svara på minst en fråga" in empty.content.decode()
    assert not SurveyResponse.objects.exists()


def test_expired_and_unknown_links(world, client):
    _link, raw = make_link(world, valid_days=1, now=timezone.now() - datetime.timedelta(days=3))
    response = client.get(answer_url(raw))
    assert response.status_code == 410 and response["X-Stegvis-Link"] == "expired"
    assert client.get(answer_url("y" * 32)).status_code == 404
    assert client.get(reverse("surveys:thanks", args=["y" * 32])).status_code == 404


def test_thanks_page_needs_the_answers_sent_from_this_browser(world, client):
    _link, raw = make_link(world)
    response = client.get(reverse("surveys:thanks", args=[raw]))
    assert response.status_code == 302 and response["Location"] == answer_url(raw)


def test_coordinator_makes_a_qr_link_from_the_participant_page(world, login_as):
    client = login_as(world.users["coord_kba"])
    detail = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert 'id="enkat"' in detail and "Ingen enkät skickad" in detail and "Skapa enkätlänk" in detail
    response = client.post(
        reverse("surveys:create_link", args=[world.enrollments["anna"].pk]),
        {"language": "so", "valid_days": "14", "channel": "qr"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "/e/" in html
    link = SurveyLink.objects.get()
    assert (link.language, link.channel, link.created_by) == ("so", "qr", world.users["coord_kba"])


def test_link_by_email_and_refused_sms_without_number(world, login_as, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    person = world.persons["anna"]
    person.email = "anna@example.se"
    person.save(update_fields=["email"])
    client = login_as(world.users["coord_kba"])
    url = reverse("surveys:create_link", args=[world.enrollments["anna"].pk])
    refused = client.post(url, {"language": "sv", "valid_days": "14", "channel": "sms"})
    assert refused.status_code == 200 and "inget mobilnummer" in refused.content.decode()
    assert not SurveyLink.objects.exists()
    sent = client.post(url, {"language": "sv", "valid_days": "14", "channel": "email"})
    assert sent.status_code == 302
    assert len(mail.outbox) == 1 and "/e/" in mail.outbox[0].body and "Anna" not in mail.outbox[0].body


def test_named_answers_show_on_the_participant_page_to_who_may_see_the_enrolment(world, login_as):
    link, _raw = make_link(world, mode=Mode.NAMED)
    actions.submit_response(link, values={"insatsen-till-hjalp": 5}, texts={"basta": "Koordinatorn lyssnade"})
    url = reverse("participants:detail", args=[world.persons["anna"].pk])
    html = login_as(world.users["coord_kba"]).get(url).content.decode()
    assert "Koordinatorn lyssnade" in html and "5 av 5" in html


def test_settings_page_for_leaders(world, login_as):
    client = login_as(world.users["leader"])
    url = reverse("surveys:project_settings", args=["helhetslyftet"])
    page = client.get(url).content.decode()
    assert "<legend>Svar</legend>" in page
    bad = client.post(url, {"mode": "named", "later_days": "0", "version": "0"})
    assert bad.status_code == 200 and "later_days" in bad.content.decode()
    response = client.post(url, {"mode": "named", "send_at_exit": "on", "later_days": "60", "version": "0"})
    assert response.status_code == 302
    saved = ProjectSurveySettings.objects.get(project=world.projects["helhetslyftet"])
    assert (saved.mode, saved.send_at_exit, saved.later_days) == ("named", True, 60)
    stale = client.post(url, {"mode": "anonymous", "version": "0"})
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()


def test_due_list_and_reminder_count_what_the_user_may_see(world, login_as):
    from stegvis.surveys.reminders import exit_surveys_to_send

    today = timezone.localdate()
    end_enrollment(world.enrollments["anna"], day=today - datetime.timedelta(days=3))
    end_enrollment(world.enrollments["bo"], day=today - datetime.timedelta(days=40))  # too long ago
    assert exit_surveys_to_send(world.users["coord_kba"], today) == 1
    assert exit_surveys_to_send(world.users["coord_mdl"], today) == 0
    assert exit_surveys_to_send(world.users["evaluator"], today) == 0
    html = login_as(world.users["leader"]).get(reverse("surveys:due")).content.decode()
    assert "Andersson" in html and "Berg" not in html
    make_link(world, "anna")
    assert exit_surveys_to_send(world.users["coord_kba"], today) == 0


def test_reminder_source_and_periodic_job_are_registered():
    from stegvis.notifications.periodic import periodic_job
    from stegvis.notifications.reminders import reminder_sources

    assert periodic_job("surveys.send_due").every == datetime.timedelta(days=1)
    assert "surveys.exit_survey" in {s.name for s in reminder_sources()}


def test_admin_survey_pages(world, login_as):
    client = login_as(world.users["admin"])
    listing = client.get(reverse("surveys:survey_list")).content.decode()
    assert "Slutenkät" in listing
    detail = client.get(reverse("surveys:survey_detail", args=["slutenkat", 1])).content.decode()
    assert (
        "insatsen-till-hjalp" in detail and "utkast, behöver granskas" in detail and "Stämmer helt" in detail
    )


def test_participant_section_is_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stegvis.participants.models import Enrollment
    from stegvis.surveys.participant import section_context

    user, person = world.users["coord_kba"], world.persons["anna"]
    enrollments = list(Enrollment.objects.filter(person=person).select_related("project"))
    make_link(world)
    section_context(user, person, enrollments)  # the user's roles are read once and kept
    with CaptureQueriesContext(connection) as one:
        section_context(user, person, enrollments)
    for _ in range(4):
        link, _raw = make_link(world, mode=Mode.NAMED)
    actions.submit_response(link, values={"mer-redo": 3}, texts={"battre": "Mer tid"})
    with CaptureQueriesContext(connection) as many:
        context = section_context(user, person, enrollments)
    assert len(one) == len(many) == 3
    row = context["survey_rows"][0]
    assert len(row["links"]) == 5 and row["answered"] and len(row["named_answers"]) == 2
