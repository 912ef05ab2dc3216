"""The demo extension: catalogues, interventions for most enrolments, many in parallel, placements."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from stegvis.interventions import figures
from stegvis.interventions.models import Intervention, ParticipantIntervention, Placement
from stegvis.participants.models import Enrollment

TODAY = datetime.date.today()


@pytest.mark.django_db
def test_demo_interventions_are_plausible():
    call_command("demo-data", participants=150, today=TODAY, verbosity=0, stdout=StringIO())
    names = set(Intervention.objects.filter(project__code="helhetslyftet").values_list("name", flat=True))
    assert {
        "Min Hälsa",
        "Digitalt för alla",
        "Svensk arbetskultur",
        "FIA – Förberedelse inför arbete",
        "SFI",
        "Praktik",
        "Studiebesök på arbetsplatser",
        "Rusta och matcha",
    } <= names
    assert Intervention.objects.filter(project__code="spik", kind="arbetstraning").exists()
    assert Intervention.objects.filter(provider_organization__code="fk").exists()
    counts = figures.combination_counts(Enrollment.objects.all(), TODAY)
    assert 0.05 * counts["total"] < counts["none"] < 0.3 * counts["total"]
    assert counts["job_parallel"] > 0.3 * counts["total"] and counts["job_sequential"] > 0
    for p in ParticipantIntervention.objects.select_related("enrollment"):
        assert p.enrollment.start_date <= p.start_date <= TODAY
        assert p.end_date is None or p.start_date <= p.end_date
        assert p.enrollment.end_date is None or (
            p.end_date is not None and p.end_date <= p.enrollment.end_date
        )
    assert not Placement.objects.exclude(
        participation__intervention__kind__in=("praktik", "arbetstraning")
    ).exists()
    praktik = figures.placement_outcomes(Enrollment.objects.filter(project__code="helhetslyftet"))["alla"]
    finished = praktik["total"] - praktik["pagar"]
    assert finished >= 5 and praktik["employed"] > 0.5 * finished  # Kungsbacka: 13 of 17
    assert Placement.objects.filter(follow_ups__isnull=False).exists()
