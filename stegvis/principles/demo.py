"""Demo adaptations and a filled checklist.

About one enrolment in ten is given an adaptation (an interpreter most often, in Helhetslyftet,
where many participants are newly arrived), from a few days after the start; Helhetslyftet's
leader has answered the checklist on the horizontal principles. Deterministic with the extension's
own random generator; written in bulk, the enrolments read in one streamed query.
"""

import datetime

from stegvis.audit.log import AuditAction, record_many
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.principles.models import Adaptation, AdaptationKind, Checklist, ChecklistAnswer, ChecklistItem

BATCH = 5000
SHARE = 0.1
WEIGHTS = {
    "helhetslyftet": {"tolk": 60, "lattlast": 25, "digital": 10, "fysisk": 3, "annat": 2},
    "default": {"tolk": 20, "lattlast": 25, "digital": 20, "fysisk": 25, "annat": 10},
}
OTHER = ["Hörselslinga", "Kortare träffar", "Samtal utan telefon"]
CHECKLIST = {
    "helhetslyftet": {
        ChecklistItem.JAMSTALLDHET_ANALYS: ("ja", "Könsuppdelad statistik per anvisare följs varje månad."),
        ChecklistItem.JAMSTALLDHET_UPPFOLJNING: (
            "ja",
            "Resultat redovisas för kvinnor och män i varje rapport.",
        ),
        ChecklistItem.ICKE_DISKRIMINERING: (
            "delvis",
            "Personalen har gått utbildning; rutin för klagomål saknas.",
        ),
        ChecklistItem.TILLGANGLIGHET_VERKSAMHET: (
            "ja",
            "Lokalerna är tillgängliga; information finns på lättläst svenska.",
        ),
        ChecklistItem.TILLGANGLIGHET_ANPASSNINGAR: ("ja", "Tolk vid alla kartläggningssamtal vid behov."),
        ChecklistItem.KOMPETENS: ("delvis", ""),
        ChecklistItem.SPRIDNING: ("nej", "Planeras till projektets sista halvår."),
    }
}


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 60


def demo_data(dataset, rng):
    today = dataset.as_of
    enrollments = (
        Enrollment.objects.filter(project__code__in=dataset.projects, start_date__lte=today)
        .order_by("pk")
        .values_list("pk", "project__code", "start_date", "end_date", "coordinator_id", "person_id")
    )
    pending, persons = [], []
    for pk, code, start, end, coordinator_id, person_id in enrollments.iterator(chunk_size=BATCH):
        if rng.random() >= SHARE:
            continue
        kind = _weighted(rng, WEIGHTS.get(code, WEIGHTS["default"]))
        given_on = min(start + datetime.timedelta(days=rng.randint(0, 30)), end or today, today)
        pending.append(
            Adaptation(
                enrollment_id=pk,
                kind=kind,
                description=rng.choice(OTHER) if kind == AdaptationKind.ANNAT else "",
                given_on=given_on,
                recorded_by_id=coordinator_id,
            )
        )
        persons.append(person_id)
    created = Adaptation.objects.bulk_create(pending, batch_size=1000)
    record_many(None, AuditAction.CREATE, created, detail="demodata", person_ids=persons)

    for project in Project.objects.filter(code__in=[c for c in CHECKLIST if c in dataset.projects]):
        checklist = Checklist.objects.create(project=project)
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(
                checklist=checklist,
                item=item,
                answer=answer,
                text=text,
                changed_on=today - datetime.timedelta(days=rng.randint(5, 90)),
            )
            for item, (answer, text) in CHECKLIST[project.code].items()
        )
