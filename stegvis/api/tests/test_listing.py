"""Every list answers exactly what DRF's own list serializer would (stegvis.api.listing).

Each list of the API is fetched twice by an administrator, once as served and once with DRF's
``ListSerializer`` put back, over rows with every kind of value: set and empty, dates and
times, choices, countries, keys and codes of related rows, and to-many outcomes.
"""

import datetime

import pytest
from django.urls import reverse
from rest_framework import serializers

from stegvis.api import base
from stegvis.api.tests.casework_rows import casework_rows
from stegvis.exchange.models import ExchangeJob, JobKind, JobStatus
from stegvis.organizations.models import NeedGroup
from stegvis.participants.models import Enrollment, ExitOutcome, ExitReason

LISTS = [
    "api:organization-list",
    "api:project-list",
    "api:need-group-list",
    "api:person-list",
    "api:enrollment-list",
    "api:measurement-list",
    "api:intervention-list",
    "api:contact-list",
    "api:plan-goal-list",
    "api:plan-step-list",
    "api:import-list",
]


class DrfListSerializer(serializers.ListSerializer):
    """DRF's list serializer, taking the arguments ``PlainListSerializer`` is made with."""


@pytest.fixture
def varied_rows(world):
    for key in ("anna", "bo", "cia"):
        casework_rows(world, key)
    # One enrolment with an exit, a second outcome and countries; the others left empty. Set
    # directly: what matters here is the values, not the actions that write them.
    enrollment = world.enrollments["anna"]
    Enrollment.objects.filter(pk=enrollment.pk).update(
        country_of_birth="SY",
        citizenship="SE",
        end_date=enrollment.start_date + datetime.timedelta(days=60),
        exit_reason=ExitReason.ARBETE,
    )
    ExitOutcome.objects.create(enrollment=enrollment, outcome=ExitReason.STUDIER)
    group = NeedGroup.objects.create(project=enrollment.project, name="Långt från arbete")
    Enrollment.objects.filter(pk=world.enrollments["bo"].pk).update(need_group=group)
    ExchangeJob.objects.create(user=world.users["admin"], kind=JobKind.IMPORT, status=JobStatus.WAITING)
    return world


@pytest.mark.parametrize("name", LISTS)
def test_a_list_is_the_json_drf_would_give(varied_rows, api_as, monkeypatch, name):
    client = api_as("admin")
    url = reverse(name)
    served = client.get(url, {"limit": 1000})
    assert served.status_code == 200
    monkeypatch.setattr(base, "PlainListSerializer", DrfListSerializer)
    plain = client.get(url, {"limit": 1000})
    assert served.json()["results"], "the world has rows of every list"
    assert served.json() == plain.json()
