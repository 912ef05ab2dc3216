"""Demo self-referrals: a youth intake page like Kristinehamn's and a general one, with requests.

Växjö's youth page (SPiK, where the young outside work and studies are a need group) and
Kungsbacka's page for Helhetslyftet each get a few dozen requests sent over the last weeks, in
every state: new, being called back (with attempts), closed with an outcome. Requests that led
to an enrolment are tied to demo enrolments that already came in as egenremiss, sent a few days
before the enrolment started. A fixed number of rows, whatever the demo's size, written in bulk.
"""

import datetime

from django.utils import timezone

from stegvis.audit.log import AuditAction, record_many
from stegvis.intake.models import (
    AgeGroup,
    BestTime,
    CallbackAttempt,
    CallbackResult,
    ContactMethod,
    IntakePage,
    IntakeRequest,
    Outcome,
    Status,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment, IntakeChannel

PAGES = [
    {
        "slug": "unga-vaxjo",
        "name": "Ungdomsintaget",
        "organization": "vaxjo",
        "project": "spik",
        "requests": 30,
        "contact": "Växjö kommun, arbetsmarknadsenheten: 0470-410 00, ungdomsintag@vaxjo.example",
        "ages": {AgeGroup.AGE_16_19: 9, AgeGroup.AGE_20_24: 8, AgeGroup.AGE_25_29: 3, AgeGroup.UNDER_16: 1},
    },
    {
        "slug": "helhetslyftet",
        "name": "Helhetslyftet",
        "organization": "kungsbacka",
        "project": "helhetslyftet",
        "requests": 16,
        "contact": "Kungsbacka kommun, Helhetslyftet: 0300-83 40 00, helhetslyftet@kungsbacka.example",
        "ages": {
            AgeGroup.AGE_20_24: 2,
            AgeGroup.AGE_25_29: 3,
            AgeGroup.AGE_30_49: 6,
            AgeGroup.AGE_50_PLUS: 2,
        },
    },
]
FIRST_NAMES = [
    "Amina",
    "Elias",
    "Sara",
    "Mohammed",
    "Nora",
    "Liam",
    "Hodan",
    "Yonas",
    "Ella",
    "Omar",
    "Maja",
    "Ali",
    "Saga",
    "Abdi",
    "Wilma",
    "Samir",
    "Freja",
    "Zahra",
    "Hugo",
    "Meron",
]
LAST_NAMES = [
    "Ahmed",
    "Andersson",
    "Hassan",
    "Johansson",
    "Mohamud",
    "Karlsson",
    "Tesfay",
    "Nilsson",
    "Rahimi",
    "Lindberg",
    "Ali",
    "Berg",
]
MESSAGES = [
    "",
    "",
    "",
    "Jag vill börja jobba men vet inte hur.",
    "Har gått ut gymnasiet och vill plugga vidare.",
    "Min son sitter mest hemma, vi behöver hjälp.",
    "Ring gärna efter lunch.",
    "Jag behöver tolk på arabiska.",
    "Vill gärna ha praktik.",
]
CONVERTED = 6  # per page, at most: demo enrolments that came in as egenremiss


def _weighted(rng, weights):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 30


def demo_data(dataset, rng):
    orgs = {o.code: o for o in Organization.objects.filter(code__in=[p["organization"] for p in PAGES])}
    projects = {p.code: p for p in Project.objects.filter(code__in=[p["project"] for p in PAGES])}
    today = dataset.as_of
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(15, 0)))
    requests, attempts_of = [], []
    for spec in PAGES:
        org, project = orgs.get(spec["organization"]), projects.get(spec["project"])
        if org is None or project is None:
            continue
        page, _created = IntakePage.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "organization": org,
                "project": project,
                "name": spec["name"],
                "contact": spec["contact"],
            },
        )
        for _n in range(spec["requests"]):
            age = _weighted(rng, spec["ages"])
            method = _weighted(rng, {ContactMethod.SMS: 5, ContactMethod.PHONE: 4, ContactMethod.EMAIL: 2})
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            days_ago = rng.randint(0, 75)
            submitted = now - datetime.timedelta(
                days=days_ago, hours=rng.randint(0, 8), minutes=rng.randint(0, 59)
            )
            r = IntakeRequest(
                page=page,
                name=f"{first} {last}",
                contact_method=method,
                submitted_at=submitted,
                phone=""
                if method == ContactMethod.EMAIL
                else f"07{rng.randint(0, 9)}-{rng.randint(100, 999)} "
                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                email=f"{first.lower()}.{last.lower()}@example.se" if method == ContactMethod.EMAIL else "",
                best_time=_weighted(
                    rng, {BestTime.ANY: 4, BestTime.MORNING: 2, BestTime.AFTERNOON: 3, BestTime.EVENING: 1}
                ),
                message=rng.choice(MESSAGES),
                age_group=age,
                on_behalf=age in (AgeGroup.UNDER_16, AgeGroup.AGE_16_19) and rng.random() < 0.3,
                language=_weighted(rng, {"sv": 7, "ar": 2, "so": 1, "prs": 1, "ti": 1}),
            )
            results = []
            if days_ago > 2 or rng.random() < 0.3:
                tries = rng.choice([1, 1, 2, 2, 3])
                for t in range(tries):
                    reached = t == tries - 1 and rng.random() < 0.7
                    results.append(
                        (
                            submitted
                            + datetime.timedelta(days=t * 2 + rng.randint(0, 2), hours=rng.randint(1, 5)),
                            CallbackResult.REACHED
                            if reached
                            else rng.choice(
                                [
                                    CallbackResult.NO_ANSWER,
                                    CallbackResult.NO_ANSWER,
                                    CallbackResult.LEFT_MESSAGE,
                                ]
                            ),
                        )
                    )
                results = [(at, res) for at, res in results if at <= now]
            if results:
                r.status = Status.CONTACTING
                if days_ago > 10 and rng.random() < 0.6:
                    r.status = Status.CLOSED
                    r.closed_at = results[-1][0] + datetime.timedelta(hours=1)
                    r.outcome = (
                        _weighted(rng, {Outcome.REFERRED: 3, Outcome.NOT_TARGET: 2})
                        if results[-1][1] == CallbackResult.REACHED
                        else Outcome.NO_ANSWER
                    )
                    r.outcome_note = (
                        "Hänvisad till Arbetsförmedlingen." if r.outcome == Outcome.REFERRED else ""
                    )
            requests.append(r)
            attempts_of.append(results)
        # Requests that became enrolments: demo enrolments of the page's project that came in as egenremiss.
        converted = (
            Enrollment.objects.filter(
                project=project,
                organization=org,
                intake_channel=IntakeChannel.EGENREMISS,
                start_date__lte=today,
                intake_requests__isnull=True,
            )
            .select_related("person")
            .order_by("-start_date")[:CONVERTED]
        )
        for enrollment in converted:
            person = enrollment.person
            submitted = timezone.make_aware(
                datetime.datetime.combine(
                    enrollment.start_date - datetime.timedelta(days=rng.randint(5, 20)), datetime.time(10, 30)
                )
            )
            r = IntakeRequest(
                page=page,
                name=f"{person.first_name} {person.last_name}".strip() or "Deltagare",
                contact_method=ContactMethod.PHONE,
                phone=person.phone or "070-000 00 00",
                age_group=_weighted(rng, spec["ages"]),
                submitted_at=submitted,
                status=Status.CLOSED,
                outcome=Outcome.ENROLLED,
                enrollment=enrollment,
                closed_at=timezone.make_aware(
                    datetime.datetime.combine(enrollment.start_date, datetime.time(9))
                ),
            )
            requests.append(r)
            attempts_of.append([(submitted + datetime.timedelta(days=1), CallbackResult.REACHED)])
    IntakeRequest.objects.bulk_create(requests)
    attempts = [
        CallbackAttempt(request=r, attempted_at=at, result=res, note="")
        for r, results in zip(requests, attempts_of, strict=False)
        for at, res in results
    ]
    CallbackAttempt.objects.bulk_create(attempts)
    record_many(None, AuditAction.CREATE, requests, detail="demodata")
