"""Demo case transfers (see :mod:`stegvis.demo.extensions`): proposals waiting in Helhetslyftet.

Kungsbacka's coordinator has proposed that Mölndal takes over two participants (waiting for
Mölndal to answer: ``koordinator.molndal`` sees them on the start page and under Överföringar),
and Mölndal once proposed one to Kungsbacka, which declined. None is accepted, so every figure of
the demo stays as the participants' demo wrote it (an accepted transfer moves the enrolment).
"""

from django.contrib.auth import get_user_model

from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment
from stegvis.transfers import actions

#: After every app that writes enrolments and casework.
DEMO_ORDER = 90

PROPOSALS = (
    ("kungsbacka", "molndal", 2, "Deltagaren har flyttat till Mölndal och vill fortsätta med stödet där."),
    ("molndal", "kungsbacka", 1, "Deltagaren arbetspraktiserar i Kungsbacka och önskar en koordinator där."),
)
DECLINE_REASON = "Vi har ingen praktikhandledare ledig i vår; vi tar gärna emot deltagaren efter sommaren."


def demo_data(dataset, rng):
    if "helhetslyftet" not in dataset.projects:
        return
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["koordinator", "koordinator.molndal"])
    }
    coordinator_of = {"kungsbacka": users.get("koordinator"), "molndal": users.get("koordinator.molndal")}
    orgs = Organization.objects.in_bulk(["kungsbacka", "molndal"], field_name="code")
    if len(orgs) < 2:
        return
    for sender, receiver, n, note in PROPOSALS:
        active = Enrollment.objects.filter(
            project__code="helhetslyftet",
            organization=orgs[sender],
            end_date__isnull=True,
            transfers__isnull=True,
        ).order_by("pk")[: n * 5]
        for enrollment in rng.sample(list(active), min(n, len(active))):
            transfer = actions.propose_transfer(
                coordinator_of[sender], enrollment, to_organization=orgs[receiver], note=note
            )
            if receiver == "kungsbacka":
                actions.decline_transfer(
                    coordinator_of[receiver], transfer, version=transfer.version, reason=DECLINE_REASON
                )
