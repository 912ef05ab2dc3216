"""The report's ``surveys`` section, the results page and the goal indicator reading it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.core.errors import ActionError
from stegvis.participants import actions as participant_actions
from stegvis.reports.project_report import build_report
from stegvis.surveys import actions
from stegvis.surveys.defaults import STATEMENT_CODES
from stegvis.surveys.figures import survey_figures
from stegvis.surveys.models import SurveyLink
from stegvis.surveys.tables import surveys_tables

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _people(world, n):
    org, project = world.orgs["kungsbacka"], world.projects["helhetslyftet"]
    enrollments = []
    for i in range(n):
        person = participant_actions.register_person(
            None,
            organization=org,
            first_name=f"P{i}",
            last_name="Test",
            gender="K" if i % 2 else "M",
            birth_year=1980 + i,
        )
        enrollments.append(
            participant_actions.enroll_participant(
                None,
                person,
                project=project,
                organization=org,
                start_date=datetime.date(2023, 1, 1),
                coordinator=world.users["coord_kba"],
            )
        )
    return enrollments


def _answer(enrollment, value, **values):
    link, _raw = actions.create_link(None, enrollment, language="sv")
    actions.submit_response(
        link, values={"insatsen-till-hjalp": value, **values}, texts={"basta": f"Svar {value}"}
    )
    return link


@pytest.fixture
def answered(world):
    """Ten enrolments with links; eight answered insatsen-till-hjalp: 5,5,4,4,4,3,2 and one "vet inte"."""
    people = _people(world, 10)
    for enrollment, value in zip(people, [5, 5, 4, 4, 4, 3, 2, "x"], strict=False):
        _answer(enrollment, value, **({"mer-redo": 1} if value == 5 else {}))
    for enrollment in people[8:]:
        actions.create_link(None, enrollment, language="sv")
    return world


def test_section_counts_agreement_per_statement_as_the_goal_reads_it(answered):
    report = build_report(answered.projects["helhetslyftet"])
    section = report["surveys"]
    assert (section["invited"], section["answered"], section["response_rate"], section["responses"]) == (
        10,
        8,
        0.8,
        8,
    )
    helped = section["statements"]["insatsen-till-hjalp"]
    assert (helped["answered"], helped["agreeing"], helped["share"], helped["dont_know"]) == (7, 5, 0.7143, 1)
    assert helped["distribution"] == {"1": 0, "2": 1, "3": 1, "4": 3, "5": 2}
    assert section["statements"]["mer-redo"] == {
        **section["statements"]["mer-redo"],
        "answered": 2,
        "agreeing": 0,
        "share": 0.0,
    }
    assert section["statements"]["integration"]["share"] is None  # nobody answered it
    assert set(STATEMENT_CODES) <= set(section["statements"])
    assert build_report(answered.projects["spik"])["surveys"]["responses"] == 0
    overview, statements, distribution = surveys_tables(report)
    assert overview.rows == [[10, 8, 0.8, 8, 8, 0]]
    assert statements.rows[0] == ["Insatsen har varit till hjälp för mig", 7, 5, 0.7143, 1]
    assert distribution.rows[0] == ["Insatsen har varit till hjälp för mig", 0, 1, 1, 3, 2, 1]


def test_section_is_a_fixed_number_of_queries(answered):
    project = answered.projects["helhetslyftet"]
    from stegvis.participants.models import Enrollment

    scope = Enrollment.objects.filter(project=project)
    with CaptureQueriesContext(connection) as few:
        survey_figures(project, scope, TODAY)
    _answer(_people(answered, 1)[0], 4)
    with CaptureQueriesContext(connection) as more:
        survey_figures(project, scope, TODAY)
    assert len(few) == len(more) <= 4


def test_report_date_counts_only_what_had_happened(answered):
    project = answered.projects["helhetslyftet"]
    SurveyLink.objects.update(created_at=timezone.now() + datetime.timedelta(days=40))
    assert build_report(project)["surveys"]["invited"] == 0
    before = TODAY.replace(day=1) - datetime.timedelta(days=1)
    assert build_report(project, on=before)["surveys"]["responses"] == 0


def test_results_page_for_leader_and_evaluator(answered, login_as, django_assert_max_num_queries):
    url = reverse("surveys:results", args=["helhetslyftet"])
    client = login_as(answered.users["leader"])
    with django_assert_max_num_queries(25):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Insatsen har varit till hjälp för mig" in html and "71,4 %" in html and "80,0 %" in html
    assert "<svg" in html and "Visa tabell" in html and "Svar 5" in html  # free text for staff with access
    assert 'href="/enkater/projekt/helhetslyftet/installningar/"' in html
    evaluator = login_as(answered.users["evaluator"]).get(url).content.decode()
    assert "71,4 %" in evaluator and "Svar 5" not in evaluator and "Fritextsvar visas bara" in evaluator
    assert "installningar" not in evaluator
    window = client.get(url, {"from": "2001-01-01", "to": "2001-12-31"}).content.decode()
    assert "Svar 5" not in window
    bad = client.get(url, {"from": "2030-13-01"})
    assert bad.status_code == 200 and "giltigt datum" in bad.content.decode()


def test_results_page_is_in_the_project_menu(answered, login_as):
    html = (
        login_as(answered.users["leader"])
        .get(reverse("reports:project_report", args=["helhetslyftet"]))
        .content.decode()
    )
    assert reverse("surveys:results", args=["helhetslyftet"]) in html and ">Enkäter<" in html


def test_goal_on_a_survey_statement_end_to_end(answered, login_as):
    from stegvis.goals import actions as goal_actions
    from stegvis.goals.forms import GoalForm

    project = answered.projects["helhetslyftet"]
    choices = dict(GoalForm().fields["statement"].choices)  # read from the active surveys
    assert (
        "insatsen-till-hjalp" in choices
        and "Insatsen har varit till hjälp för mig" in choices["insatsen-till-hjalp"]
    )
    with pytest.raises(ActionError):
        goal_actions.create_goal(
            None,
            project,
            level="deltagare",
            kind="computed",
            title="Okänt",
            indicator="survey_agreement",
            parameters={"statement": "finns-inte"},
            target=90,
        )
    goal_actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="90 % tycker att stödet varit till nytta",
        indicator="survey_agreement",
        parameters={"statement": "insatsen-till-hjalp"},
        target=90,
    )
    goal_actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="60 % till hjälp",
        indicator="survey_agreement",
        parameters={"statement": "insatsen-till-hjalp"},
        target=60,
    )
    goals = {g["title"]: g for g in build_report(project)["goals"]}
    strict = goals["90 % tycker att stödet varit till nytta"]
    assert (strict["value"], strict["numerator"], strict["denominator"]) == (0.7143, 5, 7)
    assert strict["status"] != "met" and goals["60 % till hjälp"]["status"] == "met"
    page = (
        login_as(answered.users["leader"])
        .get(reverse("goals:goals", args=["helhetslyftet"]))
        .content.decode()
    )
    assert "90 % tycker att stödet varit till nytta" in page and "71,4" in page
