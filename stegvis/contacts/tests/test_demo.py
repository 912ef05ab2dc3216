"""The demo's contacts, meetings and support periods: plausible, inside their periods, reproducible."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from stegvis.contacts import figures
from stegvis.contacts.models import Contact, MeetingActor, NetworkMeeting, SupportFollowUp, SupportPeriod
from stegvis.participants.models import Enrollment

TODAY = datetime.date.today()


def demo(*args, **options):
    call_command("demo-data", *args, today=TODAY, verbosity=0, stdout=StringIO(), **options)


def snapshot():
    return {
        "contacts": sorted(
            Contact.objects.values_list(
                "enrollment__person__personnummer", "contact_date", "channel", "note", "staff__username"
            ).order_by(),
            key=str,
        ),
        "meetings": sorted(
            NetworkMeeting.objects.values_list(
                "enrollment__person__personnummer", "meeting_date", "kind", "actors__actor"
            ).order_by(),
            key=str,
        ),
        "periods": sorted(
            SupportPeriod.objects.values_list(
                "enrollment__person__personnummer", "started_on", "place", "ended_on"
            ).order_by(),
            key=str,
        ),
    }


@pytest.mark.django_db
def test_demo_casework_is_plausible():
    demo(participants=120)
    started = Enrollment.objects.filter(start_date__lte=TODAY)
    with_contacts = started.annotate(n=Count("contacts")).filter(n__gt=0).count()
    assert with_contacts > 0.9 * started.count()
    assert Contact.objects.values("channel").distinct().count() == 7
    # Within the enrolment, logged by staff who took part.
    assert not Contact.objects.filter(
        Q(contact_date__lt=F("enrollment__start_date"))
        | Q(contact_date__gt=TODAY)
        | Q(enrollment__end_date__isnull=False, contact_date__gt=F("enrollment__end_date"))
    ).exists()
    assert Contact.staff.through.objects.count() == Contact.objects.count()
    # About weekly: between two and eight contacts a month.
    rates = figures.with_contacts_per_month(
        started.filter(start_date__lte=TODAY - datetime.timedelta(days=60)), TODAY
    )
    average = sum(r.contacts_per_month for r in rates) / rates.count()
    assert 2 < average < 8
    # Some active participants are waiting for a contact.
    assert figures.without_contact_for(Enrollment.objects.all(), TODAY).exists()
    # Meetings with the other actors, decisions when held, some booked ahead.
    actors = set(MeetingActor.objects.values_list("actor", flat=True))
    assert {"af", "fk", "socialtjanst", "region"} <= actors
    assert not NetworkMeeting.objects.filter(meeting_date__gt=TODAY).exclude(decisions=[]).exists()
    assert NetworkMeeting.objects.filter(meeting_date__gt=TODAY).exists()
    assert NetworkMeeting.objects.filter(kind="sip").exists()
    # Support only after exits to work or studies; some continue, some ended, follow-ups inside the period.
    assert SupportPeriod.objects.exists()
    assert not SupportPeriod.objects.exclude(enrollment__exit_reason__in=("arbete", "studier")).exists()
    assert SupportPeriod.objects.filter(ended_on__isnull=True).exists()
    assert SupportPeriod.objects.filter(ended_on__isnull=False).exists()
    assert not SupportFollowUp.objects.filter(
        Q(followed_up_on__lt=F("period__started_on"))
        | Q(followed_up_on__gt=F("period__ended_on"))
        | Q(followed_up_on__gt=TODAY)
    ).exists()


@pytest.mark.django_db
def test_demo_casework_is_reproducible():
    demo(participants=40, seed=5)
    first = snapshot()
    assert first["contacts"] and first["meetings"]
    demo("--reset", participants=40, seed=5)
    assert snapshot() == first
