"""Demo consents: most enrolments consented, a few missing, a couple withdrawn; reproducible; bulk."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from stegvis.consent.models import Consent
from stegvis.participants.models import Enrollment

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def demo(*args, **options):
    call_command("demo-data", *args, today=TODAY, verbosity=0, stdout=StringIO(), **options)


def snapshot():
    return sorted(
        Consent.objects.values_list(
            "enrollment__person__first_name",
            "enrollment__start_date",
            "kind",
            "actor_name",
            "actor_organization__code",
            "given_on",
            "method",
            "withdrawn_on",
        ).order_by(),
        key=str,
    )


def test_demo_consents_are_plausible_and_reproducible():
    demo(participants=200, seed=3)
    enrollments = Enrollment.objects.filter(start_date__lte=TODAY)
    total = enrollments.count()
    figures = enrollments.aggregate(
        registration=Count("pk", filter=Q(consents__kind="registrering"), distinct=True),
        sus_active=Count(
            "pk", filter=Q(consents__kind="sus", consents__withdrawn_on__isnull=True), distinct=True
        ),
        sus_withdrawn=Count(
            "pk", filter=Q(consents__kind="sus", consents__withdrawn_on__isnull=False), distinct=True
        ),
        contact=Count("pk", filter=Q(consents__kind="kontakt"), distinct=True),
    )
    assert 0.8 * total < figures["registration"] < total  # most, not all
    assert 0.75 * total < figures["sus_active"] < figures["registration"]
    assert figures["sus_withdrawn"] >= 1
    assert 0.2 * total < figures["contact"] < 0.5 * total
    # Anonymous persons (no personnummer) gave no consent: that is why they are anonymous.
    assert not Consent.objects.filter(
        Q(enrollment__person__personnummer__isnull=True) | Q(enrollment__person__personnummer="")
    ).exists()
    methods = dict(
        Consent.objects.filter(kind="registrering").values_list("method").annotate(n=Count("pk")).order_by()
    )
    assert methods["skriftligt"] > 3 * methods.get("digitalt", 0)
    for consent in Consent.objects.select_related("enrollment"):
        assert consent.given_on <= TODAY and (
            consent.withdrawn_on is None or consent.given_on < consent.withdrawn_on <= TODAY
        )
        assert (consent.kind == "kontakt") == bool(consent.actor_key)
    assert Consent.objects.filter(kind="kontakt", actor_organization__code="af").exists()
    assert Consent.objects.filter(
        kind="kontakt", actor_organization__isnull=True, actor_name="Vårdcentralen Norr"
    ).exists()
    first = snapshot()
    demo("--reset", participants=200, seed=3)
    assert snapshot() == first
