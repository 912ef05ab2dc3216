"""Demo consents: most enrolments gave registration and SUS consent at start, mostly in writing.

Persons registered anonymously (no personnummer) gave no consent, which is why they are anonymous.
Of the rest a few lack consent (forgotten at intake, they show on the "Samtycke saknas" list), a
few lack SUS consent only, and a couple withdrew their SUS consent during the enrolment (the SUS
list shows them anonymously from that day). About a third agreed to contact with one or two other
actors, named by organisation, by name or both.

Reproducible: values are drawn in enrolment order with the extension's own random generator.
Written with ``bulk_create`` in batches; the enrolments are read in one streamed query.
"""

import datetime

from django.db.models import Q

from stegvis.audit.log import AuditAction, record_many
from stegvis.consent.models import Consent, ConsentKind, ConsentMethod, actor_key
from stegvis.organizations.models import Organization
from stegvis.participants.models import ESF_VOLUNTARY_FIELDS, Enrollment

BATCH = 5000
MISSING_ALL = 0.03  # identified persons whose consent was never recorded
MISSING_SUS = 0.03  # registration consent, but no SUS consent
SUS_WITHDRAWN = 0.02  # SUS consent withdrawn during the enrolment
CONTACT = 0.35  # consent to contact with at least one other actor
SECOND_ACTOR = 0.3
WRITTEN_METHODS = ((ConsentMethod.WRITTEN, 85), (ConsentMethod.DIGITAL, 15))
CONTACT_METHODS = ((ConsentMethod.WRITTEN, 55), (ConsentMethod.DIGITAL, 20), (ConsentMethod.ORAL, 25))
# (organisation code or None, free-text name): who participants agree to let staff talk to.
ACTORS = (
    ("af", ""),
    ("fk", ""),
    ("af", "Rehabiliterande insatser"),
    (None, "Vårdcentralen Norr"),
    (None, "Socialtjänsten, ekonomiskt bistånd"),
    (None, "Psykiatrimottagningen"),
    (None, "Budget- och skuldrådgivning"),
)


def _method(rng, weights):
    return rng.choices([m for m, _w in weights], weights=[w for _m, w in weights])[0]


def _consent(pk, kind, day, method, coordinator_id, organization_id=None, name=""):
    return Consent(
        enrollment_id=pk,
        kind=kind,
        given_on=day,
        method=method,
        recorded_by_id=coordinator_id,
        actor_organization_id=organization_id,
        actor_name=name,
        actor_key=actor_key(kind, organization_id, name),
    )


def _consents(rng, row, actors, today):
    pk, start, end, coordinator_id, number = row
    if not number or start > today:
        return []
    if rng.random() < MISSING_ALL:
        return []
    day = start - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 3, 7)))
    method = _method(rng, WRITTEN_METHODS)
    rows = [_consent(pk, ConsentKind.REGISTRATION, day, method, coordinator_id)]
    draw = rng.random()
    if draw >= MISSING_SUS:
        sus = _consent(pk, ConsentKind.SUS, day, method, coordinator_id)
        last = min(end or today, today)
        if draw < MISSING_SUS + SUS_WITHDRAWN and last > day:
            sus.withdrawn_on = day + datetime.timedelta(days=rng.randint(1, (last - day).days))
            sus.withdrawn_recorded_by_id = coordinator_id
            sus.withdrawal_note = "Vill inte längre ingå i SUS-uppföljningen."
        rows.append(sus)
    if actors and rng.random() < CONTACT:
        chosen = rng.sample(actors, 2 if rng.random() < SECOND_ACTOR else 1)
        contact_day = min(day + datetime.timedelta(days=rng.randint(0, 30)), today)
        for organization_id, name in chosen:
            rows.append(
                _consent(
                    pk,
                    ConsentKind.CONTACT,
                    contact_day,
                    _method(rng, CONTACT_METHODS),
                    coordinator_id,
                    organization_id,
                    name,
                )
            )
    return rows


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 6  # after the ESF+ answers (reports, 5): the consent to them follows the answers


def demo_data(dataset, rng):
    """Consents for the demo's enrolments as of ``dataset.as_of``."""
    ids = dict(
        Organization.objects.filter(code__in=[code for code, _n in ACTORS if code]).values_list("code", "pk")
    )
    actors = [(ids[code] if code else None, name) for code, name in ACTORS if code is None or code in ids]
    enrollments = (
        Enrollment.objects.filter(project__code__in=dataset.projects)
        .order_by("pk")
        .values_list("pk", "start_date", "end_date", "coordinator_id", "person__personnummer")
    )
    pending = []
    for row in enrollments.iterator(chunk_size=BATCH):
        pending.extend(_consents(rng, row, actors, dataset.as_of))
        if len(pending) >= BATCH:
            _write(pending)
            pending = []
    _write(pending)
    _voluntary_consents(dataset)


def _voluntary_consents(dataset):
    """Consent to the voluntary ESF+ data, given at the start, by everyone who answered those questions.

    Persons registered anonymously gave no consent at all, so their answers are not kept.
    """
    demo = Enrollment.objects.filter(project__code__in=dataset.projects)
    anonymous = Q(person__personnummer__isnull=True) | Q(person__personnummer="")
    demo.filter(pk__in=demo.filter(anonymous).values("pk")).update(
        **{name: None for name in ESF_VOLUNTARY_FIELDS}, country_of_birth="", citizenship=""
    )
    answered = (
        demo.filter(disability__isnull=False).order_by("pk").values_list("pk", "start_date", "coordinator_id")
    )
    pending = []
    for pk, start, coordinator in answered.iterator(chunk_size=BATCH):
        pending.append(
            Consent(
                enrollment_id=pk,
                kind=ConsentKind.ESF,
                given_on=start,
                method=ConsentMethod.WRITTEN,
                recorded_by_id=coordinator,
            )
        )
        if len(pending) >= BATCH:
            _write(pending)
            pending = []
    _write(pending)


def _write(consents):
    if consents:
        created = Consent.objects.bulk_create(consents, batch_size=1000)
        record_many(None, AuditAction.CREATE, created, detail="demodata")
