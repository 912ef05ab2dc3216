"""The demo extension: mappings and plans for most active enrolments, plausible and reproducible."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from stegvis.casework.areas import project_areas
from stegvis.casework.models import Mapping, MappingEntry, PlanGoal, PlanStep
from stegvis.participants.models import Enrollment

TODAY = datetime.date.today()


def demo(**options):
    call_command("demo-data", today=TODAY, verbosity=0, stdout=StringIO(), **options)


def snapshot():
    return {
        "entries": sorted(
            MappingEntry.objects.values_list(
                "mapping__enrollment__person__personnummer", "area__code", "recorded_on", "own_words"
            ).order_by(),
            key=str,
        ),
        "steps": sorted(
            PlanStep.objects.values_list(
                "goal__enrollment__person__personnummer", "goal__text", "what", "due_date", "status"
            ).order_by(),
            key=str,
        ),
    }


@pytest.mark.django_db
def test_demo_casework_is_plausible_and_reproducible():
    demo(participants=80)
    active = Enrollment.objects.filter(end_date__isnull=True)
    mapped_active = Mapping.objects.filter(enrollment__end_date__isnull=True).count()
    assert mapped_active >= 0.6 * active.count() > 0
    # Entries never after the demo's today, and only in areas the enrolment's project uses.
    assert not MappingEntry.objects.filter(recorded_on__gt=TODAY).exists()
    for mapping in Mapping.objects.select_related("enrollment__project")[:20]:
        allowed = {a.pk for a in project_areas(mapping.enrollment.project)}
        assert set(mapping.entries.values_list("area_id", flat=True)) <= allowed
    # Every plan has a long-term goal and steps owned by all three kinds of owner occur.
    goals = PlanGoal.objects.values("enrollment").annotate(long=Count("pk", filter=Q(horizon="lang")))
    assert all(row["long"] == 1 for row in goals)
    assert set(PlanStep.objects.values_list("owner", flat=True)) == {"deltagare", "koordinator", "annan"}
    assert not PlanStep.objects.filter(owner="annan", owner_name="").exists()
    overdue = PlanStep.objects.filter(
        status__in=["planerad", "pagar"], due_date__lt=TODAY, goal__enrollment__end_date__isnull=True
    )
    assert overdue.exists()  # something for the participant page and the worklist to show
    first = snapshot()
    demo(participants=80, reset=True)
    assert snapshot() == first
