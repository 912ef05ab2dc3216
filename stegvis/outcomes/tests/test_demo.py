"""The demo extensions: follow-ups after exit and progression data, plausible and reproducible."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from stegvis.outcomes.models import ExitFollowUp
from stegvis.outcomes.schedule import point_date, window_opens
from stegvis.participants.models import Enrollment
from stegvis.progression.models import LanguageLevel, Measurement

TODAY = datetime.date.today()


def demo(*args, **options):
    call_command("demo-data", *args, today=TODAY, verbosity=0, stdout=StringIO(), **options)


def snapshot():
    return {
        "follow_ups": sorted(
            ExitFollowUp.objects.values_list(
                "enrollment__person__personnummer",
                "enrollment__start_date",
                "months",
                "followed_up_on",
                "situation",
            ).order_by(),
            key=str,
        ),
        "measurements": sorted(
            Measurement.objects.values_list("enrollment__person__personnummer", "respondent", "date")
            .annotate(total=Count("answers__value"))
            .order_by(),
            key=str,
        ),
        "levels": sorted(
            LanguageLevel.objects.values_list("person__personnummer", "date", "level").order_by(), key=str
        ),
    }


@pytest.mark.django_db
def test_demo_follow_ups_are_plausible():
    demo(participants=120)
    by_point = dict(ExitFollowUp.objects.values_list("months").annotate(n=Count("pk")).order_by())
    assert by_point[1] > by_point[3] > by_point[6] > 0
    situations = dict(ExitFollowUp.objects.values_list("situation").annotate(n=Count("pk")).order_by())
    assert situations.get("ej_nadd", 0) > 0 and situations.get("arbete", 0) > 0
    # Some found work or studies only after exit.
    assert (
        ExitFollowUp.objects.filter(situation__in=("arbete", "studier"))
        .exclude(enrollment__exit_reason__in=("arbete", "studier", "arbetsmarknadsutbildning"))
        .exists()
    )
    for follow_up in ExitFollowUp.objects.select_related("enrollment"):
        end = follow_up.enrollment.end_date
        assert max(end, window_opens(end, follow_up.months)) <= follow_up.followed_up_on <= TODAY
        assert (follow_up.work_extent is not None) == (follow_up.situation == "arbete")
    # Only points that have come are recorded, and not all of them.
    passed = Enrollment.objects.filter(end_date__isnull=False, end_date__lte=point_date(TODAY, -1)).count()
    assert 0.4 * passed < by_point[1] < passed


@pytest.mark.django_db
def test_demo_progression_is_plausible():
    demo(participants=200)
    enrolments = Enrollment.objects.count()
    counts = Enrollment.objects.annotate(
        n=Count("measurements", filter=Q(measurements__respondent="deltagare"))
    )
    twice = counts.filter(n__gte=2).count()
    assert 0.25 < twice / enrolments < 0.55
    assert Measurement.objects.filter(respondent="handlaggare").exists()
    from stegvis.organizations.models import Project
    from stegvis.reports.project_report import build_report

    totals = {"measured": 0, "positive": 0, "negative": 0, "unchanged": 0}
    for project in Project.objects.all():
        figures = build_report(project, on=TODAY)["progression"]
        for key in totals:
            totals[key] += figures[key]
    assert totals["measured"] == twice
    assert 0.5 < totals["positive"] / totals["measured"] < 0.8
    assert 0.1 < totals["negative"] / totals["measured"] < 0.4
    assert totals["unchanged"] > 0
    report = build_report(Project.objects.get(code="helhetslyftet"), on=TODAY)
    sfi = report["language"]["sfi"]
    assert sfi["measured"] > 0 and 0.2 <= sfi["share"] <= 0.8
    assert not LanguageLevel.objects.exclude(person__enrollments__project__code="helhetslyftet").exists()
    assert not LanguageLevel.objects.filter(person__language="sv").exists()


@pytest.mark.django_db
def test_demo_extensions_are_reproducible():
    demo(participants=40, seed=11)
    first = snapshot()
    assert first["follow_ups"] and first["measurements"]
    demo("--reset", participants=40, seed=11)
    assert snapshot() == first
