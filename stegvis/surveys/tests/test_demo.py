"""The demo surveys: the exit survey in use, links for most exits, both modes, mostly agreeing."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.reports.project_report import build_report
from stegvis.surveys.models import ProjectSurveySettings, SurveyAnswer, SurveyLink, SurveyResponse


@pytest.mark.django_db
def test_demo_surveys_are_plausible():
    call_command("demo-data", participants=150, today=datetime.date.today(), verbosity=0, stdout=StringIO())
    assert set(ProjectSurveySettings.objects.values_list("mode", flat=True)) == {"anonymous", "named"}
    exits = Enrollment.objects.filter(end_date__isnull=False).count()
    links = SurveyLink.objects.count()
    assert 0.7 * exits < links <= exits
    answered = SurveyLink.objects.filter(answered_month__isnull=False).count()
    assert answered == SurveyResponse.objects.count() > 0
    assert not SurveyResponse.objects.filter(mode="anonymous", enrollment__isnull=False).exists()
    assert (
        SurveyResponse.objects.filter(mode="named").exists()
        and SurveyResponse.objects.filter(mode="anonymous").exists()
    )
    values = dict(SurveyAnswer.objects.values_list("value").annotate(n=Count("pk")).order_by())
    assert values.get(5, 0) + values.get(4, 0) > values.get(1, 0) + values.get(2, 0)
    assert (
        SurveyAnswer.objects.filter(dont_know=True).exists()
        and SurveyAnswer.objects.exclude(text="").exists()
    )
    project = Project.objects.filter(survey_settings__isnull=False).first()
    section = build_report(project)["surveys"]
    assert section["invited"] > 0 and section["statements"]["insatsen-till-hjalp"]["answered"] > 0


@pytest.mark.django_db
def test_demo_has_one_evaluated_course_occasion_and_civic_orientation():
    from stegvis.interventions.models import ParticipantIntervention
    from stegvis.surveys.models import CourseEvaluation

    today = datetime.date.today()
    call_command("demo-data", participants=150, today=today, verbosity=0, stdout=StringIO())
    evaluation = CourseEvaluation.objects.get()
    assert evaluation.intervention.name == "Digitalt för alla" and evaluation.ends_on < today
    links = SurveyLink.objects.filter(course_evaluation=evaluation)
    answered = links.filter(answered_month__isnull=False).count()
    assert 0 < answered < links.count()
    assert SurveyResponse.objects.filter(course_evaluation=evaluation).count() == answered
    section = build_report(evaluation.intervention.project)["course_evaluations"]
    assert section[str(evaluation.intervention_id)]["answered"] == answered
    assert ParticipantIntervention.objects.filter(intervention__kind="samhallsorientering").exists()
    amif = build_report(evaluation.intervention.project)["amif"]["participants"]
    assert amif["civic_orientation"]["total"] > 0 and amif["language_course"]["total"] > 0
