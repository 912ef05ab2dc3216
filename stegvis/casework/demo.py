"""Demo mappings and plans, so a newcomer sees full participant pages.

Most active demo enrolments (and some ended ones) get a mapping a week or a few after the start,
covering most of the project's areas in plausible Swedish (newly arrived people and people with
health problems get different words), and a plan: a long-term goal towards work or studies and
one or two short-term goals, each with steps for the participant, the coordinator or another
actor (AF, FK, the region, a folkhögskola). Steps whose due date has passed are mostly done; a few
are late, so the participant page and the worklist have something to show.

Written with ``bulk_create`` in batches; the enrolments are read in one streamed query.
"""

import datetime

from stegvis.audit.log import AuditAction, record_many
from stegvis.casework.areas import areas_by_project
from stegvis.casework.models import (
    Direction,
    GoalStatus,
    Horizon,
    LifeArea,
    Mapping,
    MappingEntry,
    PlanGoal,
    PlanStep,
    ProjectCasework,
    StepOwner,
    StepStatus,
)
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment

BATCH = 2000
SHARE_ACTIVE, SHARE_ENDED = 0.8, 0.35
AREAS_FILLED = (0.55, 1.0)
# Vägen framåt (psychosocial problems, mostly Swedish speakers) maps without the language area.
PROJECT_AREAS = {
    "vagen-framat": [
        "halsa",
        "utbildning_arbete",
        "boende",
        "ekonomi",
        "familj",
        "natverk",
        "digital",
        "ovrigt",
    ]
}

# (own words, strengths, obstacles) per area; "ny" for newly arrived, "" for everyone.
TEXTS = {
    "halsa": [
        (
            "Jag sover dåligt och har ont i ryggen.",
            "Går promenader varje dag.",
            "Värk gör att hen inte orkar heltid.",
        ),
        (
            "Jag mår bättre nu än förra året.",
            "Har kontakt med vårdcentralen.",
            "Oro och nedstämdhet perioder.",
        ),
        ("Jag blir trött fort.", "Vill delta i Min Hälsa.", "Sjukskriven på deltid, kontakt med FK."),
    ],
    "sprak": [
        (
            "Jag förstår mer än jag kan säga.",
            "Läser SFI kurs B, gör läxorna.",
            "Behöver tolk vid myndighetskontakter.",
        ),
        (
            "Jag vill prata svenska på jobbet.",
            "Talar arabiska och engelska.",
            "Har svårt att skriva på svenska.",
        ),
        ("Svenska är svårt men jag övar.", "Har klarat SFI kurs C.", "Lite kontakt med svensktalande."),
    ],
    "utbildning_arbete": [
        (
            "Jag har jobbat som kock i tio år.",
            "Erfarenhet av storkök.",
            "Saknar svenska betyg och referenser.",
        ),
        (
            "Jag gick sex år i skolan.",
            "Van att ta ansvar för barn.",
            "Kort skolbakgrund, ingen svensk arbetslivserfarenhet.",
        ),
        ("Jag har jobbat på lager förut.", "Truckkort, punktlig.", "Långt sedan senaste anställning."),
        (
            "Jag vill bli undersköterska.",
            "Har praktiserat inom äldreomsorgen.",
            "Behöver gymnasiebehörighet.",
        ),
    ],
    "boende": [
        ("Vi bor trångt men det fungerar.", "Eget kontrakt.", "Trångbott med fyra barn."),
        ("Jag bor i andra hand.", "Söker bostad aktivt.", "Osäkert boende, kontraktet går ut i vår."),
        ("Jag trivs där jag bor.", "Stabilt boende nära bussen.", "–"),
    ],
    "ekonomi": [
        (
            "Pengarna räcker inte hela månaden.",
            "Gör en budget med socialtjänsten.",
            "Försörjningsstöd, skulder hos Kronofogden.",
        ),
        (
            "Jag har lite skulder från förr.",
            "Har kontakt med budget- och skuldrådgivare.",
            "Betalningsanmärkningar.",
        ),
        ("Det går runt.", "Etableringsersättning.", "Oro för vad som händer när ersättningen tar slut."),
    ],
    "familj": [
        ("Mina barn går i förskolan.", "Stöd från sin partner.", "Barnen är ofta sjuka, svårt med heltid."),
        ("Jag är ensam med barnen.", "Bra kontakt med skolan.", "Behöver barnomsorg på kvällar."),
        ("Familjen är viktig för mig.", "Familjen stöttar planen.", "Föräldraledig till i höst."),
    ],
    "natverk": [
        ("Jag känner inte så många här.", "Går på språkcafé.", "Litet nätverk utanför familjen."),
        ("Jag har några vänner från kyrkan.", "Aktiv i en förening.", "–"),
        ("Jag träffar mest min familj.", "Nyfiken på nya sammanhang.", "Isolerad under vintern."),
    ],
    "digital": [
        ("Jag använder mobilen men inte datorn.", "Har BankID.", "Svårt med e-post och 1177."),
        ("Jag kan söka jobb på nätet.", "Van vid dator.", "–"),
        ("Jag behöver hjälp med appar.", "Vill gå Digitalt för alla.", "Saknar dator hemma."),
    ],
    "ovrigt": [
        ("Jag vill ta körkort.", "Har läst teorin.", "Har inte råd med körlektioner."),
        ("Jag vill börja jobba snart.", "Hög motivation.", "–"),
    ],
}

# Plans: (horizon, direction, goal) -> steps [(what, owner, other actor, days after the mapping)].
GOALS_NEW = [
    (
        Horizon.LANG,
        Direction.ARBETE,
        "Få ett jobb inom förskolan",
        [
            ("Praktik på en förskola i Kungsbacka", StepOwner.KOORDINATOR, "", 60),
            ("Gå kursen Svensk arbetskultur", StepOwner.DELTAGARE, "", 45),
            ("Barnskötarutbildning på komvux", StepOwner.ANNAN, "Komvux", 200),
        ],
    ),
    (
        Horizon.LANG,
        Direction.STUDIER,
        "Läsa till undersköterska",
        [
            ("Studie- och yrkesvägledning", StepOwner.ANNAN, "Komvux vägledning", 30),
            ("Klara SFI kurs D", StepOwner.DELTAGARE, "", 150),
            ("Studiebesök på ett äldreboende", StepOwner.KOORDINATOR, "", 40),
        ],
    ),
    (
        Horizon.KORT,
        Direction.ANNAT,
        "Klara mig själv digitalt",
        [
            ("Gå kursen Digitalt för alla", StepOwner.DELTAGARE, "", 30),
            ("Skaffa BankID", StepOwner.DELTAGARE, "", 14),
        ],
    ),
    (
        Horizon.KORT,
        Direction.ARBETE,
        "Förbättra min svenska",
        [
            ("Börja på SFI kurs C", StepOwner.ANNAN, "SFI", 21),
            ("Språkcafé på biblioteket en gång i veckan", StepOwner.DELTAGARE, "", 30),
        ],
    ),
]
GOALS_HEALTH = [
    (
        Horizon.LANG,
        Direction.ARBETE,
        "Arbeta halvtid inom lager och logistik",
        [
            ("Arbetsträning på ett lager", StepOwner.KOORDINATOR, "", 75),
            ("Kartläggning av arbetsförmåga", StepOwner.ANNAN, "Arbetsförmedlingen", 45),
            ("Förnya truckkortet", StepOwner.DELTAGARE, "", 100),
        ],
    ),
    (
        Horizon.LANG,
        Direction.STUDIER,
        "Läsa in gymnasiet på folkhögskola",
        [
            ("Besöka folkhögskolan", StepOwner.KOORDINATOR, "", 30),
            ("Söka till allmän kurs", StepOwner.DELTAGARE, "", 90),
            ("Studiemedel: kontakt med CSN", StepOwner.DELTAGARE, "", 110),
        ],
    ),
    (
        Horizon.KORT,
        Direction.ANNAT,
        "Må bättre och orka mer",
        [
            ("Gå kursen Min Hälsa", StepOwner.DELTAGARE, "", 40),
            ("Gemensamt möte med FK, vårdcentralen och socialtjänsten (SIP)", StepOwner.KOORDINATOR, "", 21),
            ("Samtal om sjukpenning och rehabilitering", StepOwner.ANNAN, "Försäkringskassan", 30),
        ],
    ),
    (
        Horizon.KORT,
        Direction.ANNAT,
        "Få ordning på ekonomin",
        [
            ("Möte med budget- och skuldrådgivningen", StepOwner.ANNAN, "Budget- och skuldrådgivningen", 20),
            ("Göra en hushållsbudget", StepOwner.DELTAGARE, "", 35),
        ],
    ),
    (
        Horizon.KORT,
        Direction.ARBETE,
        "Komma igång med dagliga rutiner",
        [
            ("Delta i gruppverksamheten tre förmiddagar i veckan", StepOwner.DELTAGARE, "", 14),
            ("Walk-and-talk varannan vecka", StepOwner.KOORDINATOR, "", 28),
        ],
    ),
]
ACHIEVED_EXITS = {"arbete", "studier", "arbetsmarknadsutbildning"}


def _entries(rng, mapping_id, areas, day, latest, coordinator_id):
    share = rng.uniform(*AREAS_FILLED)
    rows = []
    for area in areas:
        if rng.random() > share:
            continue
        own, strengths, obstacles = rng.choice(TEXTS.get(area.code, TEXTS["ovrigt"]))
        rows.append(
            MappingEntry(
                mapping_id=mapping_id,
                area_id=area.pk,
                own_words=own if rng.random() < 0.85 else "",
                strengths=strengths,
                obstacles="" if obstacles == "–" else obstacles,
                recorded_on=min(day + datetime.timedelta(days=rng.randint(0, 10)), latest),
                recorded_by_id=coordinator_id,
            )
        )
    return rows


def _step_status(rng, due, today, ended):
    if ended or due < today:
        return rng.choices(
            [StepStatus.KLAR, StepStatus.PAGAR, StepStatus.PLANERAD, StepStatus.INSTALLD],
            weights=[70, 12, 6, 12] if not ended else [75, 0, 0, 25],
        )[0]
    return rng.choices([StepStatus.PLANERAD, StepStatus.PAGAR], weights=[55, 45])[0]


def _plan(rng, enrollment, day, today, newly_arrived):
    """``[(PlanGoal, [PlanStep])]`` (steps without their goal id yet)."""
    pk, _project, start, end, exit_reason, coordinator_id, _language = enrollment
    bank = GOALS_NEW if newly_arrived else GOALS_HEALTH
    long_terms = [g for g in bank if g[0] == Horizon.LANG]
    short_terms = [g for g in bank if g[0] == Horizon.KORT]
    chosen = [rng.choice(long_terms)] + rng.sample(short_terms, k=rng.choice((1, 1, 2)))
    plan = []
    for order, (horizon, direction, text, steps) in enumerate(chosen):
        if end is None:
            status = GoalStatus.PAGAR
        elif horizon == Horizon.LANG and exit_reason in ACHIEVED_EXITS:
            status = GoalStatus.UPPNATT
        else:
            status = rng.choice([GoalStatus.UPPNATT, GoalStatus.AVBRUTET, GoalStatus.PAGAR])
        goal = PlanGoal(
            enrollment_id=pk,
            horizon=horizon,
            direction=direction,
            text=text,
            status=status,
            order=order,
            created_by_id=coordinator_id,
        )
        step_rows = []
        for what, owner, owner_name, days in steps:
            due = day + datetime.timedelta(days=days + rng.randint(-7, 14))
            step_rows.append(
                PlanStep(
                    what=what,
                    owner=owner,
                    owner_name=owner_name,
                    due_date=due,
                    status=_step_status(rng, due, today, end is not None),
                    created_by_id=coordinator_id,
                )
            )
        plan.append((goal, step_rows))
    return plan


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 30


def demo_data(dataset, rng):
    """Mappings and plans for most active and some ended demo enrolments, as of ``dataset.as_of``."""
    today = dataset.as_of
    _choose_project_areas(dataset)
    enrollments = (
        Enrollment.objects.filter(project__code__in=dataset.projects, start_date__lte=today)
        .order_by("pk")
        .values_list(
            "pk", "project_id", "start_date", "end_date", "exit_reason", "coordinator_id", "person__language"
        )
    )
    areas = areas_by_project(
        Enrollment.objects.filter(project__code__in=dataset.projects)
        .values_list("project_id", flat=True)
        .distinct()
    )
    pending = []
    for row in enrollments.iterator(chunk_size=BATCH):
        ended = row[3] is not None and row[3] <= today
        if rng.random() > (SHARE_ENDED if ended else SHARE_ACTIVE):
            continue
        pending.append(row)
        if len(pending) >= BATCH:
            _write(rng, pending, areas, today)
            pending = []
    _write(rng, pending, areas, today)


def _choose_project_areas(dataset):
    for code, area_codes in PROJECT_AREAS.items():
        if code not in dataset.projects:
            continue
        project = Project.objects.filter(code=code).first()
        if project is not None:
            settings, _created = ProjectCasework.objects.get_or_create(project=project)
            settings.areas.set(LifeArea.objects.filter(code__in=area_codes))


def _write(rng, enrollments, areas, today):
    if not enrollments:
        return
    mapping_days, entries, plans = {}, [], []
    for row in enrollments:
        pk, project_id, start, end, _reason, coordinator_id, language = row
        latest = min(end or today, today)
        day = min(start + datetime.timedelta(days=rng.randint(5, 30)), latest)
        mapping_days[pk] = (day, latest, project_id, coordinator_id)
        plans.extend(_plan(rng, row, day, today, newly_arrived=language not in ("", "sv")))
    mappings = Mapping.objects.bulk_create(
        [Mapping(enrollment_id=pk) for pk in mapping_days], batch_size=1000
    )
    for mapping in mappings:
        day, latest, project_id, coordinator_id = mapping_days[mapping.enrollment_id]
        entries.extend(_entries(rng, mapping.pk, areas[project_id], day, latest, coordinator_id))
    entries = MappingEntry.objects.bulk_create(entries, batch_size=1000)
    goals = PlanGoal.objects.bulk_create([goal for goal, _steps in plans], batch_size=1000)
    steps = []
    for goal, goal_steps in zip(goals, (steps for _goal, steps in plans), strict=False):
        for step in goal_steps:
            step.goal_id = goal.pk
            steps.append(step)
    steps = PlanStep.objects.bulk_create(steps, batch_size=1000)
    for created in (mappings, entries, goals, steps):
        record_many(None, AuditAction.CREATE, created, detail="demodata")
