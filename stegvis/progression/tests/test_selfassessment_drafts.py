"""Answers kept on the link until sent, and the refusal of a second card on one day."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Measurement, SelfAssessmentLink
from stegvis.progression.selfassessment import actions


def make_link(world, language="sv", **kwargs):
    return actions.create_link(
        world.users["coord_kba"], world.enrollments["anna"], language=language, **kwargs
    )


def q_url(raw, step):
    return reverse("selfassessment:question", args=[raw, step])


def review_url(raw):
    return reverse("selfassessment:review", args=[raw])


def start_url(raw):
    return reverse("selfassessment:start", args=[raw])


def answer(client, raw, step, value):
    response = client.post(q_url(raw, step), {"answer": value})
    assert response.status_code == 302, response.content.decode()[:300]


def test_each_answer_is_kept_on_the_link_and_another_browser_goes_on_where_it_was(world, client):
    link, raw = make_link(world)
    for step, value in enumerate(["3", "x", "5", "6"], start=1):
        answer(client, raw, step, value)
    link.refresh_from_db()
    assert link.draft_answers == {"q1": 3, "q2": None, "q3": 5, "q4": 6} and link.draft_saved_at
    # Only the first answer is audited (the participant started); no value is in the log.
    entries = AuditEntry.objects.filter(object_type="progression.selfassessmentlink", action="update")
    assert entries.count() == 1 and "börjat svara" in entries.get().detail
    assert entries.get().person_id == world.persons["anna"].pk

    other = Client()  # a closed tab: no cookie, no session
    html = other.get(start_url(raw)).content.decode()
    assert "Fortsätt där du var" in html and f'href="{q_url(raw, 5)}"' in html
    assert "Du har svarat på 4 frågor." in html and "Börja</a>" not in html
    page = other.get(q_url(raw, 2)).content.decode()
    assert 'value="x" checked' in page
    # Answered the rest: "go on" leads to the summary, which shows every kept answer.
    for step in range(5, 11):
        answer(other, raw, step, "7")
    assert f'href="{review_url(raw)}"' in other.get(start_url(raw)).content.decode()
    summary = other.get(review_url(raw)).content.decode()
    assert "3 – Jag vet mycket lite" in summary and "Inte besvarad" not in summary
    # Sent: the measurement holds the answers and the link none.
    assert other.post(review_url(raw)).status_code == 302
    link.refresh_from_db()
    assert link.used_at and link.draft_answers == {} and link.draft_saved_at is None
    assert dict(Measurement.objects.get().answers.values_list("item__code", "value"))["q3"] == 5


def test_a_fresh_link_offers_to_begin(world, client):
    _link, raw = make_link(world)
    html = client.get(start_url(raw)).content.decode()
    assert "Börja" in html and "Fortsätt där du var" not in html


def test_an_answer_off_the_scale_is_refused_by_the_action(world):
    link, _raw = make_link(world)
    for code, value in [("q1", 11), ("q99", 3)]:
        with pytest.raises(ActionError) as error:
            actions.save_answer(link, item_code=code, value=value)
        assert "answer" in error.value.message_dict
    link.refresh_from_db()
    assert link.draft_answers == {}


def test_an_expired_link_loses_its_kept_answers_when_opened(world, client):
    link, raw = make_link(world)
    answer(client, raw, 1, "4")
    SelfAssessmentLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert client.get(start_url(raw)).status_code == 410
    link.refresh_from_db()
    assert link.draft_answers == {} and link.draft_saved_at is None
    assert AuditEntry.objects.filter(detail__contains="länken gäller inte längre").count() == 1


def test_a_second_card_on_one_day_is_refused_with_why_and_what_to_do(world, client):
    first, first_raw = make_link(world)
    actions.submit_answers(first, answers={"q1": 5})
    link, raw = make_link(world, language="en")
    # Said up front, in the participant's language, before any question is answered.
    html = client.get(start_url(raw)).content.decode()
    assert "Answers to these questions have already been sent today." in html
    assert "Open the link again tomorrow." in html and "Or contact the person who gave you the link." in html
    assert ">Start</a>" not in html
    for step in range(1, 11):
        answer(client, raw, step, "6")
    response = client.post(review_url(raw))
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "Answers to these questions have already been sent today." in html
    assert "You can send answers once a day." in html and "Your answers are saved." in html
    assert "Open the link again tomorrow and send them then." in html
    link.refresh_from_db()
    assert link.used_at is None and len(link.draft_answers) == 10
    assert Measurement.objects.count() == 1


def test_the_refusal_counts_the_participants_answers_from_a_meeting_too(world, client):
    link, raw = make_link(world, valid_days=1)
    record_measurement(
        world.users["coord_kba"],
        world.enrollments["anna"],
        link.instrument,
        respondent="deltagare",
        date=timezone.localdate(),
        answers={"q1": 2},
    )
    answer(client, raw, 1, "4")
    # The link ends before tomorrow: ask for a new one instead of "try again tomorrow".
    SelfAssessmentLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    html = client.post(review_url(raw)).content.decode()
    assert "Svar på de här frågorna är redan skickade i dag." in html
    assert "Kontakta den som gav dig länken, så får du en ny." in html and "i morgon" not in html
    with pytest.raises(actions.AlreadyAnsweredToday):
        actions.submit_answers(link, answers={"q1": 4})


def test_pages_of_the_link_use_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    _link, raw = make_link(world)
    for step in range(1, 11):
        answer(client, raw, step, "5")
    with django_assert_max_num_queries(12):
        assert client.get(review_url(raw)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(q_url(raw, 4)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(start_url(raw)).status_code == 200
