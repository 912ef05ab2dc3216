"""Demo decisions on the worklist, so the demo shows snoozed and dismissed items and their page.

For each demo coordinator with ongoing participants, two of the worklist's most overdue items
(as of ``dataset.as_of``) are decided through :func:`stegvis.worklist.actions.decide`: one
snoozed for a few weeks, one dismissed with a plausible reason. "Klar" is left to the visitor,
since on a plan step it changes the plan. A handful of coordinators, so it costs a few queries each.
"""

import datetime

from django.contrib.auth import get_user_model

from stegvis.core.access import VIEW
from stegvis.participants.models import Enrollment
from stegvis.worklist import rules
from stegvis.worklist.actions import decide
from stegvis.worklist.models import FOLLOW_UPS, MEASUREMENTS, NO_CONTACT, PLACEMENTS, STEPS, Decision

#: Runs after the apps whose data the worklist is made of (see stegvis.demo.extensions).
DEMO_ORDER = 95

DISMISS_REASONS = {
    NO_CONTACT: (
        "Sjukskriven till årsskiftet, vi hörs i januari.",
        "Föräldraledig, ingen kontakt förrän efter sommaren.",
    ),
    STEPS: ("Steget ersattes av en ny plan efter trepartssamtalet.",),
    MEASUREMENTS: (
        "Vill inte skatta sig just nu, vi tar upp det vid nästa trepartssamtal.",
        "Mätningen görs på papper med tolk nästa vecka.",
    ),
    PLACEMENTS: ("Handledaren på arbetsplatsen följer upp den här perioden.",),
    FOLLOW_UPS: ("Har flyttat utomlands och går inte att nå.",),
}


def _coordinators(dataset):
    ongoing = Enrollment.objects.filter(project__code__in=dataset.projects, end_date__isnull=True)
    return get_user_model().objects.filter(pk__in=ongoing.values("coordinator_id")).order_by("pk")


def demo_data(dataset, rng):
    """Snooze one and dismiss one overdue item on each demo coordinator's worklist."""
    on = dataset.as_of
    for user in _coordinators(dataset):
        mine = Enrollment.objects.restrict(user, VIEW).filter(coordinator=user)
        worklist = rules.build(user, mine, on, rules.default_weeks(), limit=20, person_limit=10)
        items = [p.items[0] for p in worklist.persons if p.items[0].overdue and p.items[0].kind != STEPS]
        steps = [i for p in worklist.persons for i in p.items if i.kind == STEPS and i.overdue]
        chosen = (steps[:1] + items)[:2]
        for n, item in enumerate(chosen):
            snooze = n == 0 and len(chosen) > 1
            decide(
                user,
                item.enrollment,
                kind=item.kind,
                ref_date=item.ref_date,
                object_id=item.object_id,
                variant=item.variant,
                decision=Decision.PAUSAD if snooze else Decision.AVFARDAD,
                snoozed_until=on + datetime.timedelta(days=rng.choice((14, 21, 28))) if snooze else None,
                reason="" if snooze else rng.choice(DISMISS_REASONS[item.kind]),
                today=on,
            )
