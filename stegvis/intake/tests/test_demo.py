"""The demo's self-referrals: two pages, requests in every state, some tied to egenremiss enrolments."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from stegvis.intake.models import CallbackAttempt, IntakePage, IntakeRequest, Status
from stegvis.intake.retention import purge_expired_requests


@pytest.mark.django_db
def test_demo_self_referrals():
    call_command("demo-data", participants=200, today=datetime.date.today(), verbosity=0, stdout=StringIO())
    assert set(IntakePage.objects.values_list("slug", flat=True)) == {"unga-vaxjo", "helhetslyftet"}
    by_status = dict(IntakeRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert by_status.get(Status.NEW, 0) > 0 and by_status.get(Status.CONTACTING, 0) > 0
    assert by_status.get(Status.CLOSED, 0) > 0
    converted = IntakeRequest.objects.filter(enrollment__isnull=False)
    assert converted.exists()
    assert not converted.exclude(enrollment__intake_channel="egenremiss").exists()
    assert CallbackAttempt.objects.exists()
    # Nothing in the demo is already past its retention period.
    assert purge_expired_requests(datetime.datetime.now(datetime.UTC))["deleted"] == 0
