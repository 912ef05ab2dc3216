"""The demo's employers, placements linked to them, adaptations and the checklist."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from stegvis.employers.models import Agreement, ContactPerson, Employer
from stegvis.interventions.models import Placement
from stegvis.principles.models import Adaptation, Checklist

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def test_demo_employers_placements_adaptations_and_checklist():
    call_command("demo-data", participants=200, seed=3, today=TODAY, verbosity=0, stdout=StringIO())
    assert 10 <= Employer.objects.count() <= 13
    assert ContactPerson.objects.count() >= Employer.objects.count()
    assert Agreement.objects.count() >= Employer.objects.count()
    linked = Placement.objects.filter(employer__isnull=False)
    assert linked.exists() and Placement.objects.filter(employer__isnull=True).exists()
    # A placement is linked only to an employer of its enrolling organisation, with the same name.
    for placement in linked.select_related("employer", "participation__enrollment"):
        assert placement.employer.organization_id == placement.participation.enrollment.organization_id
        assert placement.employer.name == placement.workplace_name
    assert Adaptation.objects.filter(kind="tolk").exists()
    assert Checklist.objects.get(project__code="helhetslyftet").answers.count() == 7
