"""Anonymous answers cannot be linked back to the person: not by staff, not from the database.

Two people answer the same anonymous survey with different answers, through the real pages.
Then everything stored is searched: every table of the database (the audit log and sessions
included) and the response rows themselves. Nothing refers to a response but its own answers,
the response rows carry nothing that differs between the two but the answers and a random
key, and the links know only the month.
"""

import datetime
import uuid

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from stegvis.surveys.defaults import STATEMENT_CODES
from stegvis.surveys.models import SurveyAnswer, SurveyLink, SurveyResponse
from stegvis.surveys.testing import make_link

pytestmark = pytest.mark.django_db


def _answer(client, raw, value, text):
    data = {f"q_{code}": str(value) for code in STATEMENT_CODES}
    data["q_basta"] = text
    response = client.post(reverse("surveys:answer", args=[raw]), data)
    assert response.status_code == 302, response.content.decode()[:500]


def _every_stored_value():
    """``[(table, column, value)]`` of every cell of every table."""
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [c[0] for c in cursor.description]
            for row in cursor.fetchall():
                cells.extend((table, column, value) for column, value in zip(columns, row, strict=False))
    return cells


def _forms_of(value):
    text = str(value)
    return {text, text.replace("-", "")}


def test_two_anonymous_answers_cannot_be_told_apart_from_anything_stored(world, client):
    anna_link, anna_raw = make_link(world, "anna")
    bo_link, bo_raw = make_link(world, "bo")
    _answer(client, anna_raw, 5, "Anna tyckte om praktiken")
    client.cookies.clear()  # another phone
    _answer(client, bo_raw, 1, "Bo ville ha mer tolk")

    responses = list(SurveyResponse.objects.all())
    assert len(responses) == 2

    # 1. The response rows: no reference to a link, enrolment or person; keys random (UUID4); only the month.
    relations = {f.name: f.related_model for f in SurveyResponse._meta.concrete_fields if f.is_relation}
    # The course evaluation is the occasion answered (a group, like the project), never a person.
    assert set(relations) == {"survey", "project", "enrollment", "course_evaluation"}
    assert not any(
        f.is_relation and f.related_model is SurveyResponse
        for f in SurveyLink._meta.get_fields()
        if not f.auto_created
    )
    assert not [
        f
        for f in SurveyResponse._meta.concrete_fields + SurveyAnswer._meta.concrete_fields
        if f.get_internal_type() in ("DateTimeField", "TimeField", "AutoField", "BigAutoField")
    ]
    for response in responses:
        assert isinstance(response.pk, uuid.UUID) and response.pk.version == 4
        assert response.enrollment_id is None
        assert all(isinstance(a.pk, uuid.UUID) for a in response.answers.all())
    comparable = [
        (r.survey_id, r.project_id, r.mode, r.month, r.enrollment_id, r.course_evaluation_id)
        for r in responses
    ]
    assert comparable[0] == comparable[1]  # identical apart from the random key and the answers

    # 2. The links: only that they were answered, and the month: the same for both.
    links = list(SurveyLink.objects.filter(pk__in=[anna_link.pk, bo_link.pk]))
    assert {link.answered_month for link in links} == {timezone.localdate().replace(day=1)}

    # 3. Every table, the audit log and the sessions included: a response's key appears only in
    #    its own row and in its answers' ``response_id``.
    response_keys = set().union(*(_forms_of(r.pk) for r in responses))
    answer_keys = set().union(*(_forms_of(a.pk) for a in SurveyAnswer.objects.all()))
    response_table, answer_table = SurveyResponse._meta.db_table, SurveyAnswer._meta.db_table
    for table, column, value in _every_stored_value():
        if value is None:
            continue
        found_response = any(key in str(value) for key in response_keys)
        found_answer = any(key in str(value) for key in answer_keys)
        if found_response:
            assert (table, column) in {(response_table, "id"), (answer_table, "response_id")}, (table, column)
        if found_answer:
            assert (table, column) == (answer_table, "id"), (table, column)

    # 4. The audit log says the links were answered, and nothing about what or which response.
    from stegvis.audit.models import AuditEntry

    assert not AuditEntry.objects.filter(
        object_type__in=["surveys.surveyresponse", "surveys.surveyanswer"]
    ).exists()
    answered = AuditEntry.objects.filter(object_type="surveys.surveylink", action="update")
    assert answered.count() == 2
    for entry in answered:
        assert set(entry.changes) == {"answered_month"}
        assert "praktiken" not in str(entry.changes).lower() and "tolk" not in entry.detail


def test_the_coordinator_sees_only_answered_or_not(world, login_as):
    from stegvis.surveys import actions

    link, _raw = make_link(world, "anna")
    actions.submit_response(link, values={"insatsen-till-hjalp": 2}, texts={"basta": "Hemligt svar"})
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert "besvarad" in html
    assert "Hemligt svar" not in html and "Deltagarens svar" not in html
    # No query over responses can reach them through the person's enrolment.
    assert not SurveyResponse.objects.filter(enrollment=world.enrollments["anna"]).exists()


def test_stored_month_is_coarse_whatever_the_time_of_answering(world):
    from stegvis.surveys import actions

    first, _raw = make_link(world, "anna")
    second, _raw = make_link(world, "bo")
    early = timezone.make_aware(datetime.datetime(2030, 3, 1, 8, 0))
    late = timezone.make_aware(datetime.datetime(2030, 3, 28, 22, 0))
    SurveyLink.objects.filter(pk__in=[first.pk, second.pk]).update(
        expires_at=late + datetime.timedelta(days=1)
    )
    actions.submit_response(first, values={"insatsen-till-hjalp": 5}, now=early)
    actions.submit_response(second, values={"insatsen-till-hjalp": 1}, now=late)
    assert set(SurveyResponse.objects.values_list("month", flat=True)) == {datetime.date(2030, 3, 1)}
    assert set(SurveyLink.objects.values_list("answered_month", flat=True)) == {datetime.date(2030, 3, 1)}


def test_the_database_refuses_an_anonymous_response_that_names_an_enrolment(world):
    from django.db import IntegrityError, transaction

    from stegvis.surveys.actions import active_exit_survey

    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(
            survey=active_exit_survey(),
            project=world.projects["helhetslyftet"],
            mode="anonymous",
            month=datetime.date(2030, 1, 1),
            enrollment=world.enrollments["anna"],
        )
