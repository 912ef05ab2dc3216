"""Course evaluations: a survey at the end of a course or a course occasion, and its results."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.interventions import actions as interventions
from stegvis.interventions.models import Category, Kind
from stegvis.interventions.testing import catalogue_entry
from stegvis.notifications.periodic import periodic_job
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress
from stegvis.surveys import actions
from stegvis.surveys.courses import course_evaluation_figures, course_evaluation_tables
from stegvis.surveys.models import CourseEvaluation, Mode, Occasion, SurveyLink, SurveyResponse

pytestmark = pytest.mark.django_db

START, END = datetime.date(2023, 3, 1), datetime.date(2023, 5, 31)


@pytest.fixture
def outbox(settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STEGVIS_BASE_URL = "https://stegvis.example.se"


def _course(world, name="Digitalt för alla"):
    return catalogue_entry(world, name=name, category=Category.KOMPETENSHOJANDE, kind=Kind.KURS)


def _takes_part(world, who, course, start, end=None):
    return interventions.add_participant_intervention(
        None, world.enrollments[who], intervention=course, start_date=start, end_date=end
    )


def _contacts(world):
    for name, phone in (("anna", "070-123 45 67"), ("bo", "070-765 43 21")):
        person = world.persons[name]
        person.phone = phone
        person.save(update_fields=["phone"])


def _evaluation(course, **fields):
    return actions.create_course_evaluation(None, course, survey=actions.active_exit_survey(), **fields)


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


def test_the_occasions_participants_get_a_link_once_at_its_end(world, outbox):
    _contacts(world)
    course, other = _course(world), _course(world, "Min Hälsa")
    _takes_part(world, "anna", course, START, datetime.date(2023, 4, 30))
    _takes_part(world, "bo", course, datetime.date(2023, 3, 15))  # still going
    _takes_part(world, "bo", other, START, datetime.date(2023, 5, 31))  # not evaluated
    evaluation = _evaluation(course, name="Våren 2023", starts_on=START, ends_on=END, mode=Mode.NAMED)
    job = periodic_job("surveys.send_due")

    assert job.func(_at(datetime.date(2023, 5, 30)))["sent"] == 0  # before the end
    assert job.func(_at(datetime.date(2023, 6, 2))) == {"sent": 2, "failed": 0, "no_contact": 0}
    assert job.func(_at(datetime.date(2023, 6, 3)))["sent"] == 0  # once
    links = list(SurveyLink.objects.order_by("enrollment_id"))
    assert [(link.enrollment_id, link.occasion, link.mode, link.course_evaluation_id) for link in links] == [
        (world.enrollments["anna"].pk, Occasion.COURSE_END, Mode.NAMED, evaluation.pk),
        (world.enrollments["bo"].pk, Occasion.COURSE_END, Mode.NAMED, evaluation.pk),
    ]
    assert job.func(_at(datetime.date(2023, 6, 20)))["sent"] == 0  # long after: nothing more


def test_an_evaluation_without_dates_asks_each_participant_when_their_participation_ends(world, outbox):
    _contacts(world)
    course = _course(world)
    _takes_part(world, "anna", course, START, datetime.date(2023, 4, 30))
    _takes_part(world, "bo", course, START, datetime.date(2023, 5, 31))
    _evaluation(course)
    job = periodic_job("surveys.send_due")

    assert job.func(_at(datetime.date(2023, 5, 2)))["sent"] == 1
    assert job.func(_at(datetime.date(2023, 6, 1)))["sent"] == 1
    assert SurveyLink.objects.filter(occasion=Occasion.COURSE_END).count() == 2


def test_the_form_checks_the_occasions_dates(world):
    course = _course(world)
    with pytest.raises(actions.ActionError) as error:
        _evaluation(course, starts_on=END, ends_on=START)
    assert "ends_on" in error.value.message_dict
    with pytest.raises(actions.ActionError) as error:
        _evaluation(course, starts_on=START)
    assert "ends_on" in error.value.message_dict


def _answered(world, who, evaluation, value):
    link, _raw = actions.create_link(
        None, world.enrollments[who], language="sv", course_evaluation=evaluation
    )
    actions.submit_response(link, values={"insatsen-till-hjalp": value})
    return link


def test_answers_are_counted_per_course_and_occasion_not_with_the_exit_survey(world):
    course = _course(world)
    spring = _evaluation(course, name="Våren", starts_on=START, ends_on=END)
    autumn = _evaluation(
        course, name="Hösten", starts_on=datetime.date(2023, 9, 1), ends_on=datetime.date(2023, 12, 1)
    )
    _answered(world, "anna", spring, 5)
    actions.create_link(
        None, world.enrollments["bo"], language="sv", course_evaluation=spring
    )  # not answered
    _answered(world, "bo", autumn, 2)

    report = build_report(world.projects["helhetslyftet"])
    section = report["course_evaluations"][str(course.pk)]
    assert section["name"] == "Digitalt för alla"
    assert (section["invited"], section["answered"], float(section["response_rate"])) == (3, 2, 0.6667)
    occasions = section["occasions"]
    assert (occasions[str(spring.pk)]["invited"], occasions[str(spring.pk)]["answered"]) == (2, 1)
    assert float(occasions[str(spring.pk)]["response_rate"]) == 0.5
    assert occasions[str(spring.pk)]["starts_on"] == "2023-03-01"
    helped = section["statements"]["insatsen-till-hjalp"]
    assert (helped["answered"], helped["agreeing"], float(helped["share"])) == (2, 1, 0.5)
    assert occasions[str(autumn.pk)]["statements"]["insatsen-till-hjalp"]["distribution"]["2"] == 1
    # The exit survey's figures know nothing of the course's links and answers.
    assert report["surveys"]["invited"] == 0 and report["surveys"]["responses"] == 0
    assert (
        SurveyResponse.objects.filter(course_evaluation__isnull=False, enrollment__isnull=True).count() == 2
    )
    tables = course_evaluation_tables(report)
    assert [t.key for t in tables] == ["course_evaluations", "course_evaluation_statements"]
    assert tables[0].rows[0][:4] == ["Digitalt för alla", "Alla tillfällen", 3, 2]


def test_small_numbers_of_a_course_are_hidden_with_their_shares(world):
    course = _course(world)
    spring = _evaluation(course, starts_on=START, ends_on=END)
    _answered(world, "anna", spring, 5)
    suppressed = suppress(build_report(world.projects["helhetslyftet"]), 5)
    section = suppressed["course_evaluations"][str(course.pk)]
    assert section["invited"] == "<5" and section["response_rate"] is None
    assert section["statements"]["insatsen-till-hjalp"]["share"] is None
    assert section["occasions"][str(spring.pk)]["response_rate"] is None


def test_the_section_takes_a_fixed_number_of_queries(world):
    project = world.projects["helhetslyftet"]
    course = _course(world)
    spring = _evaluation(course, starts_on=START, ends_on=END)
    _answered(world, "anna", spring, 4)
    scope = project.enrollments.all()
    on = timezone.localdate()
    with CaptureQueriesContext(connection) as few:
        course_evaluation_figures(project, scope, on)
    for n in range(3):
        other = _evaluation(_course(world, f"Kurs {n}"), starts_on=START, ends_on=END)
        _answered(world, "bo", other, 3)
    with CaptureQueriesContext(connection) as many:
        figures = course_evaluation_figures(project, scope, on)
    assert len(figures) == 4
    assert len(few) == len(many) == 4


def test_the_page_shows_results_and_a_leader_adds_an_evaluation(world, client):
    course = _course(world)
    spring = _evaluation(course, name="Våren", starts_on=START, ends_on=END)
    _answered(world, "anna", spring, 5)
    project = world.projects["helhetslyftet"]
    client.force_login(world.users["leader"])
    page = client.get(reverse("surveys:courses", kwargs={"code": project.code}))
    assert page.status_code == 200
    assert (
        "Digitalt för alla" in page.content.decode()
        and "Våren (2023-03-01 – 2023-05-31)" in page.content.decode()
    )

    url = reverse("surveys:course_create", kwargs={"code": project.code})
    bad = client.post(
        url,
        {
            "intervention": course.pk,
            "survey": spring.survey_id,
            "starts_on": "2023-09-01",
            "mode": "anonymous",
        },
    )
    assert bad.status_code == 200 and "Ange både första och sista dag" in bad.content.decode()
    good = client.post(
        url,
        {
            "intervention": course.pk,
            "survey": spring.survey_id,
            "name": "Hösten",
            "starts_on": "2023-09-01",
            "ends_on": "2023-12-15",
            "mode": "anonymous",
        },
    )
    assert good.status_code == 302
    assert CourseEvaluation.objects.filter(intervention=course, name="Hösten").exists()


def test_an_evaluator_sees_the_course_results_suppressed(world, client):
    course = _course(world)
    _answered(world, "anna", _evaluation(course, starts_on=START, ends_on=END), 5)
    client.force_login(world.users["evaluator"])
    page = client.get(reverse("surveys:courses", kwargs={"code": world.projects["helhetslyftet"].code}))
    assert page.status_code == 200 and '<td class="num">&lt;5</td>' in page.content.decode()
