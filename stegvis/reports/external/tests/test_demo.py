"""The demo fills the ESF+ fields: plausibly, the same way every time, and the same by both writers."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from stegvis.participants.models import Enrollment

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def demo(*args, **options):
    call_command("demo-data", *args, today=TODAY, verbosity=0, stdout=StringIO(), **options)


def esf_values():
    return sorted(
        Enrollment.objects.values_list(
            "person__first_name",
            "start_date",
            "unemployed_months_start",
            "education_level_start",
            "disability",
            "third_country_national",
            "foreign_origin",
            "minority",
            "housing_exclusion",
            "rural_area",
            "gained_qualification",
        ),
        key=str,
    )


def test_demo_fills_the_esf_fields_reproducibly():
    demo(participants=120, seed=5)
    figures = Enrollment.objects.aggregate(
        job_seekers=Count("pk", filter=Q(occupation_start="arbetssokande")),
        with_months=Count("unemployed_months_start"),
        months_elsewhere=Count(
            "pk", filter=~Q(occupation_start="arbetssokande") & Q(unemployed_months_start__isnull=False)
        ),
        exited=Count("end_date"),
        qualification=Count("gained_qualification"),
        answered=Count("disability"),
        total=Count("pk"),
        education=Count("education_level_start"),
        person_education=Count("person__education_level"),
        qualification_while_active=Count(
            "pk", filter=Q(end_date__isnull=True, gained_qualification__isnull=False)
        ),
    )
    assert figures["with_months"] == figures["job_seekers"] > 0 and figures["months_elsewhere"] == 0
    assert figures["qualification"] == figures["exited"] and figures["qualification_while_active"] == 0
    assert 0.7 * figures["total"] < figures["answered"] < figures["total"]  # some decline
    assert figures["education"] == figures["person_education"]  # the snapshot of every enrolment
    first = esf_values()
    demo("--reset", "--bulk", participants=120, seed=5, batch_size=50)
    assert esf_values() == first
