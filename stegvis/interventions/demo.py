"""Demo interventions: a catalogue per demo project, interventions for most enrolments, placements.

The catalogues hold what the projects in the seeds offer (Min Hälsa, Digitalt för alla, Svensk
arbetskultur, FIA, SFI, praktik, arbetsträning, studiebesök, vägledning, supported employment) and
other actors' interventions (Arbetsförmedlingen, Försäkringskassan, the region, the folk high
school). Each enrolment draws its interventions from a per-project plan: each step has a chance,
a start (as a share of the time enrolled) and a length, so language, health and job-oriented
interventions often run in parallel. Praktik in Helhetslyftet mostly leads to a job at the
workplace (Kungsbacka: 13 of 17); arbetsträning in the other projects less often.

Placements at a workplace the enrolling organisation has in its employer register (the employers
demo) are linked to it by name.

Written with ``bulk_create`` in batches; the enrolments are read in one streamed query.
"""

import datetime
import random

from stegvis.audit.log import AuditAction, record_many
from stegvis.employers.models import Employer
from stegvis.interventions.models import (
    PLACEMENT_KINDS,
    Category,
    IntegrationSupport,
    Intervention,
    Kind,
    Outcome,
    ParticipantIntervention,
    Placement,
    PlacementFollowUp,
    WorkplaceType,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment

BATCH = 5000
NOTHING_YET = 0.1  # enrolments still in the mapping phase, with no intervention registered
C, K = Category, Kind
OWNER = "@owner"  # the provider is the project's owner

# name: (category, kind, provider: an organisation code, OWNER, or free text)
ENTRIES = {
    "SFI": (C.KOMPETENSHOJANDE, K.SFI, "Vuxenutbildningen"),
    "Min Hälsa": (C.HALSA, K.KURS, OWNER),
    "Digitalt för alla": (C.KOMPETENSHOJANDE, K.KURS, OWNER),
    "Svensk arbetskultur": (C.ARBETSINRIKTAD, K.KURS, OWNER),
    "Fokus Arbetsmarknad": (C.ARBETSINRIKTAD, K.KURS, OWNER),
    "Min väg till arbete": (C.ARBETSINRIKTAD, K.VAGLEDNING, OWNER),
    "FIA – Förberedelse inför arbete": (C.ARBETSINRIKTAD, K.KURS, OWNER),
    "Praktik": (C.ARBETSINRIKTAD, K.PRAKTIK, OWNER),
    "Arbetsträning": (C.ARBETSINRIKTAD, K.ARBETSTRANING, OWNER),
    "Studiebesök på arbetsplatser": (C.ARBETSINRIKTAD, K.STUDIEBESOK, OWNER),
    "Studie- och yrkesvägledning": (C.KOMPETENSHOJANDE, K.VAGLEDNING, "Vuxenutbildningen"),
    "Supported employment (IPS)": (C.ARBETSINRIKTAD, K.SUPPORTED_EMPLOYMENT, OWNER),
    "Supported education": (C.KOMPETENSHOJANDE, K.SUPPORTED_EDUCATION, OWNER),
    "Promenadgrupp": (C.HALSA, K.HALSOAKTIVITET, "Friskvården"),
    "Föräldragrupp på familjecentralen": (C.SOCIAL, K.ANNAN_AKTOR, "Familjecentralen"),
    "Rusta och matcha": (C.ARBETSINRIKTAD, K.ANNAN_AKTOR, "af"),
    "Arbetslivsinriktad rehabilitering": (C.HALSA, K.ANNAN_AKTOR, "fk"),
    "Samtalsstöd på vårdcentralen": (C.HALSA, K.ANNAN_AKTOR, "Regionen, vårdcentralen"),
    "Allmän kurs på folkhögskola": (C.KOMPETENSHOJANDE, K.ANNAN_AKTOR, "kronobergs-fhsk"),
    "Budget- och skuldrådgivning": (C.SOCIAL, K.ANNAN_AKTOR, "Budget- och skuldrådgivningen"),
    "Träffpunkt och fritid": (C.SOCIAL, K.ANNAN_AKTOR, "Studieförbundet Vuxenskolan"),
    "Samhällsorientering": (C.SOCIAL, K.SAMHALLSORIENTERING, "Vuxenutbildningen"),
}
# Entries that are integration support in the AMIF figures without their kind saying so.
INTEGRATION = {"Svensk arbetskultur": IntegrationSupport.OTHER}
# Samhällsorientering: taken by this share of Helhetslyftet's SFI students, starting some weeks
# into SFI. Drawn after every other intervention, from a generator of its own, so adding it left
# the rest of the demo as it was.
CIVIC = ("helhetslyftet", "SFI", "Samhällsorientering")
CIVIC_SHARE = 0.6
CIVIC_START_DAYS = (14, 60)
CIVIC_LENGTH_DAYS = (50, 70)

# Per project: (entry, chance, start as share of the time enrolled (from, to), length in days (from, to)).
PLANS = {
    "helhetslyftet": [
        ("SFI", 0.7, (0.0, 0.1), (180, 540)),
        ("Min Hälsa", 0.45, (0.0, 0.3), (60, 90)),
        ("Digitalt för alla", 0.35, (0.05, 0.4), (42, 70)),
        ("Svensk arbetskultur", 0.5, (0.1, 0.4), (56, 84)),
        ("Fokus Arbetsmarknad", 0.25, (0.2, 0.5), (60, 120)),
        ("Min väg till arbete", 0.3, (0.1, 0.6), (90, 180)),
        ("FIA – Förberedelse inför arbete", 0.3, (0.2, 0.5), (60, 90)),
        ("Studiebesök på arbetsplatser", 0.4, (0.1, 0.6), (1, 1)),
        ("Praktik", 0.35, (0.45, 0.8), (60, 150)),
        ("Rusta och matcha", 0.2, (0.3, 0.7), (90, 180)),
        ("Föräldragrupp på familjecentralen", 0.15, (0.0, 0.4), (60, 120)),
        ("Promenadgrupp", 0.15, (0.0, 0.5), (60, 180)),
    ],
    "spik": [
        ("Min Hälsa", 0.4, (0.0, 0.3), (60, 90)),
        ("Samtalsstöd på vårdcentralen", 0.3, (0.0, 0.3), (90, 240)),
        ("Arbetslivsinriktad rehabilitering", 0.2, (0.0, 0.4), (120, 300)),
        ("Studie- och yrkesvägledning", 0.3, (0.1, 0.5), (30, 90)),
        ("Digitalt för alla", 0.3, (0.05, 0.4), (42, 70)),
        ("Arbetsträning", 0.35, (0.2, 0.6), (90, 180)),
        ("Praktik", 0.2, (0.5, 0.8), (60, 120)),
        ("Supported employment (IPS)", 0.2, (0.3, 0.7), (120, 300)),
        ("Supported education", 0.08, (0.3, 0.7), (120, 240)),
        ("Allmän kurs på folkhögskola", 0.12, (0.2, 0.6), (150, 300)),
        ("Rusta och matcha", 0.15, (0.3, 0.7), (90, 180)),
        ("Studiebesök på arbetsplatser", 0.25, (0.1, 0.6), (1, 1)),
        ("Budget- och skuldrådgivning", 0.15, (0.0, 0.5), (30, 120)),
    ],
    "vagen-framat": [
        ("Min Hälsa", 0.5, (0.0, 0.3), (60, 90)),
        ("Samtalsstöd på vårdcentralen", 0.45, (0.0, 0.3), (120, 300)),
        ("Promenadgrupp", 0.3, (0.0, 0.4), (60, 180)),
        ("Arbetslivsinriktad rehabilitering", 0.3, (0.0, 0.4), (120, 300)),
        ("Arbetsträning", 0.4, (0.25, 0.6), (90, 210)),
        ("Supported employment (IPS)", 0.3, (0.3, 0.7), (150, 300)),
        ("Studie- och yrkesvägledning", 0.2, (0.1, 0.5), (30, 90)),
        ("Träffpunkt och fritid", 0.2, (0.0, 0.5), (90, 240)),
        ("Praktik", 0.12, (0.5, 0.8), (60, 120)),
    ],
}
# Entries in the catalogue that no demo enrolment uses yet (so the catalogue is not only the plan).
EXTRA = {
    "helhetslyftet": ["Studie- och yrkesvägledning", "Supported employment (IPS)", "Samhällsorientering"],
    "spik": ["Min väg till arbete"],
    "vagen-framat": ["Digitalt för alla", "Studiebesök på arbetsplatser"],
}

W = WorkplaceType
WORKPLACES = {
    W.FORSKOLA: ["Förskolan Solrosen", "Förskolan Ekbacken", "Blåklockans förskola", "Förskolan Lärkan"],
    W.ALDREOMSORG: ["Äldreboendet Vallmon", "Hemtjänsten Centrum", "Tallgårdens vård- och omsorgsboende"],
    W.LAGER: ["Nordlager AB", "Logistikcentrum Syd", "Byggvaruhusets lager"],
    W.HANDEL: ["ICA Kvantum", "Coop Forum", "Second hand-butiken Kretsloppet"],
    W.RESTAURANG: ["Skolköket Nyboskolan", "Restaurang Kryddan", "Café Gläntan"],
    W.KONTOR: ["Kommunens kontaktcenter", "Fastighetsbolagets kundtjänst"],
    W.INDUSTRI: ["Mekaniska verkstaden", "Snickerifabriken", "Förpackningsfabriken"],
    W.STAD: ["Städservice Glans", "Fastighetsskötseln"],
}
# Where Helhetslyftet's praktik mostly is (förskola, äldreomsorg, lager), and the others' arbetsträning.
WORKPLACE_WEIGHTS = {
    "helhetslyftet": {W.FORSKOLA: 30, W.ALDREOMSORG: 30, W.LAGER: 20, W.RESTAURANG: 10, W.HANDEL: 10},
    "default": {
        W.LAGER: 20,
        W.HANDEL: 20,
        W.RESTAURANG: 15,
        W.INDUSTRI: 15,
        W.KONTOR: 10,
        W.STAD: 15,
        W.ALDREOMSORG: 5,
    },
}
# Outcome of a finished placement: Kungsbacka's 13 employed of 17 in praktik; fewer elsewhere.
OUTCOME_WEIGHTS = {
    "helhetslyftet": {
        Outcome.ANSTALLNING_HAR: 62,
        Outcome.ANNAN_ANSTALLNING: 14,
        Outcome.INGEN_ANSTALLNING: 24,
    },
    "default": {Outcome.ANSTALLNING_HAR: 22, Outcome.ANNAN_ANSTALLNING: 13, Outcome.INGEN_ANSTALLNING: 65},
}
SUPERVISORS = [
    "Maria Lindqvist",
    "Johan Ek",
    "Fatima Haddad",
    "Anders Nilsson",
    "Sara Holm",
    "Peter Sjöberg",
    "Lena Carlsson",
    "Ahmed Yusuf",
    "Karin Berg",
    "Mikael Strand",
]
FOLLOW_UP_NOTES = [
    "Trepartssamtal med handledaren. Det går bra, deltagaren kommer i tid och tar egna initiativ.",
    "Uppföljning på plats. Handledaren vill att deltagaren tränar mer på svenska i kundkontakt.",
    "Deltagaren trivs. Vi kom överens om att öka från 50 till 75 procent.",
    "Samtal i telefon med handledaren: arbetsplatsen kan tänka sig en timanställning.",
    "Deltagaren har varit sjuk en vecka; planen ligger fast.",
    "Handledaren nöjd. Diskuterade möjlighet till anställning med lönestöd.",
]


def _provider(spec, project, orgs):
    if spec == OWNER:
        return {"provider_organization_id": project.owner_id}
    if spec in orgs:
        return {"provider_organization_id": orgs[spec]}
    return {"provider_name": spec}


def _catalogues(dataset):
    """Write each demo project's catalogue; ``{project code: {entry name: Intervention}}``."""
    orgs = dict(Organization.objects.values_list("code", "pk"))
    entries = []
    for project in Project.objects.filter(code__in=[code for code in dataset.projects if code in PLANS]):
        names = [name for name, *_rest in PLANS[project.code]] + EXTRA.get(project.code, [])
        for name in names:
            category, kind, provider = ENTRIES[name]
            entries.append(
                Intervention(
                    project=project,
                    name=name,
                    category=category,
                    kind=kind,
                    integration_support=INTEGRATION.get(name, ""),
                    **_provider(provider, project, orgs),
                )
            )
    Intervention.objects.bulk_create(entries)
    record_many(None, AuditAction.CREATE, entries, detail="demodata")
    catalogue = {}
    for entry in entries:
        catalogue.setdefault(entry.project.code, {})[entry.name] = entry
    return catalogue


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _participations(rng, plan, catalogue, pk, start, end, today, coordinator_id):
    # Plans are laid out over the whole enrolment; one still going is planned for a year or so, and
    # only what has started by today is registered (a new participant has only the first steps).
    last = end or today
    span = max((last - start).days, 1) if end else max((today - start).days, rng.randint(300, 540))
    rows = []
    for name, chance, (share_from, share_to), (days_from, days_to) in plan:
        if rng.random() >= chance:
            continue
        begins = start + datetime.timedelta(days=int(span * rng.uniform(share_from, share_to)))
        if begins > last:
            continue
        ends = begins + datetime.timedelta(days=rng.randint(days_from, days_to) - 1)
        if end is not None:
            ends = min(ends, end)
        elif ends >= today:
            ends = None  # still going on
        rows.append(
            ParticipantIntervention(
                enrollment_id=pk,
                intervention=catalogue[name],
                start_date=begins,
                end_date=ends,
                recorded_by_id=coordinator_id,
            )
        )
    return rows


def _placement(rng, participation, project_code, today):
    weights = WORKPLACE_WEIGHTS.get(project_code, WORKPLACE_WEIGHTS["default"])
    workplace_type = _weighted(rng, weights)
    supervisor = rng.choice(SUPERVISORS)
    outcome = Outcome.PAGAR
    if participation.end_date is not None:
        outcome = _weighted(rng, OUTCOME_WEIGHTS.get(project_code, OUTCOME_WEIGHTS["default"]))
    placement = Placement(
        participation=participation,
        workplace_name=rng.choice(WORKPLACES[workplace_type]),
        workplace_type=workplace_type,
        supervisor_name=supervisor,
        supervisor_phone=f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        supervisor_email=supervisor.lower()
        .replace(" ", ".")
        .replace("ö", "o")
        .replace("ä", "a")
        .replace("å", "a")
        + "@arbetsplats.example",
        outcome=outcome,
    )
    follow_ups = []
    day = participation.start_date + datetime.timedelta(days=rng.randint(10, 21))
    last = min(participation.end_date or today, today)
    while day <= last and len(follow_ups) < 4:
        follow_ups.append(
            PlacementFollowUp(
                placement=placement,
                date=day,
                note=rng.choice(FOLLOW_UP_NOTES),
                recorded_by_id=participation.recorded_by_id,
            )
        )
        day += datetime.timedelta(days=rng.randint(21, 42))
    return placement, follow_ups


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 20


def demo_data(dataset, rng):
    """Catalogues for the demo projects, and interventions and placements for most enrolments."""
    catalogue = _catalogues(dataset)
    enrollments = (
        Enrollment.objects.filter(project__code__in=list(catalogue))
        .order_by("pk")
        .values_list("pk", "project__code", "start_date", "end_date", "coordinator_id")
    )
    pending = []
    for pk, code, start, end, coordinator_id in enrollments.iterator(chunk_size=BATCH):
        if start > dataset.as_of or rng.random() < NOTHING_YET:
            continue
        pending.extend(
            _participations(rng, PLANS[code], catalogue[code], pk, start, end, dataset.as_of, coordinator_id)
        )
        if len(pending) >= BATCH:
            _write(rng, pending, dataset.as_of)
            pending = []
    _write(rng, pending, dataset.as_of)
    _link_employers()
    _civic_orientation(dataset, catalogue)


def _link_employers():
    """Link the placements to the employer register where the enrolling organisation has an
    employer of the workplace's name (the employers demo writes them): one UPDATE per employer,
    no random draws, so the rest of the demo stays as it was."""
    for employer_id, organization_id, name in Employer.objects.values_list("pk", "organization_id", "name"):
        Placement.objects.filter(
            employer__isnull=True,
            workplace_name=name,
            participation__enrollment__organization_id=organization_id,
        ).update(employer_id=employer_id)


def _civic_orientation(dataset, catalogue):
    """Samhällsorientering for most of Helhetslyftet's SFI students (see :data:`CIVIC`), in bulk."""
    code, language, civic = CIVIC
    if code not in catalogue:
        return
    rng = random.Random(f"{dataset.seed}:interventions:civic")
    sfi = (
        ParticipantIntervention.objects.filter(intervention=catalogue[code][language])
        .order_by("pk")
        .values_list("enrollment_id", "start_date", "enrollment__end_date", "recorded_by_id")
    )
    rows = []
    for enrollment_id, sfi_start, enrollment_end, recorded_by_id in sfi.iterator(chunk_size=BATCH):
        if rng.random() >= CIVIC_SHARE:
            continue
        begins = sfi_start + datetime.timedelta(days=rng.randint(*CIVIC_START_DAYS))
        last = min(enrollment_end or dataset.as_of, dataset.as_of)
        if begins > last:
            continue
        ends = begins + datetime.timedelta(days=rng.randint(*CIVIC_LENGTH_DAYS))
        if enrollment_end is not None:
            ends = min(ends, enrollment_end)
        rows.append(
            ParticipantIntervention(
                enrollment_id=enrollment_id,
                intervention=catalogue[code][civic],
                start_date=begins,
                end_date=None if enrollment_end is None and ends >= dataset.as_of else ends,
                recorded_by_id=recorded_by_id,
            )
        )
    created = ParticipantIntervention.objects.bulk_create(rows, batch_size=1000)
    record_many(None, AuditAction.CREATE, created, detail="demodata")


def _write(rng, participations, today):
    if not participations:
        return
    created = ParticipantIntervention.objects.bulk_create(participations, batch_size=1000)
    record_many(None, AuditAction.CREATE, created, detail="demodata")
    placements, follow_ups = [], []
    for participation in created:
        if participation.intervention.kind in PLACEMENT_KINDS:
            placement, notes = _placement(rng, participation, participation.intervention.project.code, today)
            placements.append(placement)
            follow_ups.extend(notes)
    Placement.objects.bulk_create(placements, batch_size=1000)
    for follow_up in follow_ups:
        follow_up.placement_id = follow_up.placement.pk
    PlacementFollowUp.objects.bulk_create(follow_ups, batch_size=1000)
    record_many(None, AuditAction.CREATE, placements, detail="demodata")
