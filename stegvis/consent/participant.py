"""The "Samtycken" section of the participant page, near the top.

Per enrolment the user may see: registration and SUS consent, each either in force (since when,
how, recorded by whom) or missing ("Samtycke saknas", or withdrawn and when), the contact
consents in force actor by actor, and the withdrawn ones as history. Staff who may change the
enrolment get the links to record and withdraw. Two queries however many enrolments and consents.
"""

from stegvis.consent.models import EXPECTED_KINDS, Consent, ConsentKind
from stegvis.core.access import VIEW
from stegvis.participants.access import changeable_ids


def section_context(user, person, enrollments):
    if not enrollments:
        return {"consent_rows": []}
    ids = [e.pk for e in enrollments]
    consents = (
        Consent.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("actor_organization", "recorded_by", "withdrawn_recorded_by")
        .order_by("enrollment_id", "kind", "given_on", "pk")
    )
    by_enrollment = {pk: [] for pk in ids}
    for consent in consents:
        by_enrollment[consent.enrollment_id].append(consent)
    changeable = changeable_ids(user, enrollments)
    labels = dict(ConsentKind.choices)
    rows = []
    for enrollment in enrollments:
        mine = by_enrollment[enrollment.pk]
        in_force = [c for c in mine if c.withdrawn_on is None]
        withdrawn = sorted(
            (c for c in mine if c.withdrawn_on is not None),
            key=lambda c: (c.withdrawn_on, c.pk),
            reverse=True,
        )
        expected = []
        for kind in EXPECTED_KINDS:
            expected.append(
                {
                    "kind": kind,
                    "label": labels[kind],
                    "current": next((c for c in in_force if c.kind == kind), None),
                    "last_withdrawn": next((c for c in withdrawn if c.kind == kind), None),
                }
            )
        rows.append(
            {
                "enrollment": enrollment,
                "expected": expected,
                "contacts": [c for c in in_force if c.kind == ConsentKind.CONTACT],
                "history": withdrawn,
                "can_change": enrollment.pk in changeable,
            }
        )
    return {"consent_rows": rows}
