"""Demo contacts, SIP and network meetings, and support after a job or study start.

- Contacts in one of three rhythms (every 2-8 days for a quarter, 4-14 days for half, 12-35 days for
  a quarter) from the start to
  the exit or the demo's today, in varied channels, logged by the coordinator of the day (the
  coordinator history is followed, so changes of coordinator show in the log). A few active
  participants have not been contacted for a while, so the "no contact" flag has something to show.
- A SIP, network or three-party meeting series for about a third of the enrolments, with AF, FK,
  socialtjänst and the region, decisions taken and the next meeting booked; some active
  participants have a meeting ahead.
- A support period for most people who left for work or studies, with follow-ups every few
  weeks; about half have ended the support, the rest still have it.

Everything is written with ``bulk_create`` in batches from one streamed query of the enrolments.
"""

import datetime
import itertools

from stegvis.audit.log import AuditAction, record_many
from stegvis.contacts.models import (
    Actor,
    Channel,
    Contact,
    MeetingActor,
    MeetingKind,
    NetworkMeeting,
    SupportEndReason,
    SupportFollowUp,
    SupportKind,
    SupportPeriod,
)
from stegvis.participants.models import CoordinatorAssignment, Enrollment

BATCH = 2000
DAY = datetime.timedelta(days=1)
# Days between contacts (lowest, highest) and how common each rhythm is.
CADENCES = {(2, 8): 25, (4, 14): 50, (12, 35): 25}

CHANNELS = {
    Channel.MOTE: 40,
    Channel.TELEFON: 20,
    Channel.SMS: 12,
    Channel.WALK_AND_TALK: 7,
    Channel.HEMBESOK: 5,
    Channel.VIDEO: 7,
    Channel.EPOST: 9,
}
DURATIONS = {
    Channel.MOTE: (45, 60, 60, 90),
    Channel.TELEFON: (5, 10, 15, 20),
    Channel.WALK_AND_TALK: (45, 60),
    Channel.HEMBESOK: (60, 90),
    Channel.VIDEO: (30, 45),
}
NOTES = {
    Channel.MOTE: [
        "Gick igenom planen. Nästa steg: praktik på förskola, vi kontaktar handledaren.",
        "Uppdaterade CV och skrev ett personligt brev till lagerjobbet.",
        "Pratade om hälsa och sömn; personen bokar tid på vårdcentralen.",
        "Progressionsmätning tillsammans. Mer tro på att klara ett arbete än förra gången.",
        "Kartläggning av boende och ekonomi. Skulder hos Kronofogden, kontakt med budget- och skuldrådgivningen.",
        "Förberedde studiebesök på äldreboendet nästa vecka.",
        "Hur det går på SFI: klarat delprov i kurs C.",
        "Min Hälsa börjar på tisdag; gick igenom vägen dit med buss.",
        "Uppföljning av praktiken. Trivs, vill gå upp till 75 %.",
        "Svensk arbetskultur: pratade om att ringa och sjukanmäla sig.",
    ],
    Channel.TELEFON: [
        "Påminde om mötet på torsdag.",
        "Personen sjuk i dag, bokade om till nästa vecka.",
        "Ringde om praktikplatsen; handledaren är nöjd.",
        "Bekräftade tid för studiebesök.",
        "Pratade om brevet från Försäkringskassan.",
    ],
    Channel.SMS: [
        "Påminnelse om tid i morgon kl. 10.",
        "Skickade adressen till praktikplatsen.",
        "Svar: kommer på mötet.",
    ],
    Channel.WALK_AND_TALK: [
        "Promenad i parken; pratade om mål och vad som ger energi.",
        "Walk-and-talk till biblioteket, visade datorerna och lånekortet.",
    ],
    Channel.HEMBESOK: [
        "Hembesök med tolk; gick igenom post från myndigheter.",
        "Hembesök: barnomsorgen är ordnad från nästa månad.",
    ],
    Channel.VIDEO: ["Videosamtal med tolk om planeringen.", "Kort videosamtal, personen är på praktiken."],
    Channel.EPOST: [
        "Skickade information om Digitalt för alla.",
        "Mejlade kallelse till nätverksmöte.",
        "Skickade intyg till Arbetsförmedlingen.",
    ],
}
OTHERS = [
    "Tolk (arabiska)",
    "Tolk (dari)",
    "Tolk (somaliska)",
    "Handläggare AF",
    "Anhörig",
    "Handledare på praktiken",
]

ACTOR_CHANCE = {
    Actor.AF: 0.7,
    Actor.FK: 0.4,
    Actor.SOCIALTJANST: 0.45,
    Actor.REGION: 0.35,
    Actor.SKOLA: 0.05,
    Actor.ARBETSGIVARE: 0.08,
    Actor.ANHORIG: 0.1,
}
ACTOR_NAMES = {
    Actor.AF: "arbetsförmedlare",
    Actor.FK: "handläggare FK",
    Actor.SOCIALTJANST: "socialsekreterare",
    Actor.REGION: "vårdcentralens rehabkoordinator",
    Actor.ARBETSGIVARE: "handledare på arbetsplatsen",
}
DECISIONS = {
    Actor.AF: [
        "AF förlänger anvisningen till projektet i sex månader.",
        "AF undersöker lönestöd inför en anställning efter praktiken.",
    ],
    Actor.FK: [
        "FK gör en avstämning av sjukpenningen om åtta veckor.",
        "FK och koordinatorn planerar arbetsträning 25 % med gradvis upptrappning.",
    ],
    Actor.SOCIALTJANST: [
        "Socialtjänsten fortsätter försörjningsstödet under praktiken.",
        "Socialtjänsten ordnar kontakt med budget- och skuldrådgivningen.",
    ],
    Actor.REGION: [
        "Vårdcentralen gör en remiss till fysioterapeut.",
        "Fortsatt samtalskontakt på psykiatrimottagningen varannan vecka.",
    ],
}
COMMON_DECISIONS = [
    "Praktik på äldreboende 50 % från nästa månad, koordinatorn ordnar handledare.",
    "Personen börjar på Min Hälsa.",
    "Koordinatorn följer upp planen med personen varje vecka.",
    "Studiebesök på Komvux inför vård- och omsorgsutbildningen.",
]

EMPLOYERS = [
    ("Kommunens äldreomsorg", "Undersköterska"),
    ("Förskolan Solstrålen", "Barnskötare"),
    ("PostNord, lagret", "Lagerarbetare"),
    ("ICA Maxi", "Butiksbiträde"),
    ("Samhall", "Lokalvårdare"),
    ("Restaurang Gästis", "Köksbiträde"),
    ("Hemtjänsten Väster", "Vårdbiträde"),
    ("Rent & Fint AB", "Lokalvårdare"),
]
SCHOOLS = [
    ("Komvux", "Vård- och omsorgsutbildning"),
    ("Kronobergs folkhögskola", "Allmän kurs"),
    ("Komvux", "Barnskötarutbildning"),
    ("Yrkeshögskolan", "Lager och logistik"),
]
SUPPORT_CHANNELS = {Channel.MOTE: 35, Channel.TELEFON: 35, Channel.SMS: 20, Channel.EPOST: 10}
SUPPORT_NOTES = {
    SupportKind.EMPLOYMENT: [
        "Besök på arbetsplatsen; trivs och har fått fler timmar.",
        "Samtal med chefen om anpassade arbetsuppgifter.",
        "Stressigt med schemat; vi ses på fredag.",
        "Hjälp med resor och schema.",
        "Allt går bra, hörs om en månad.",
    ],
    SupportKind.EDUCATION: [
        "Hjälp med ansökan om studiemedel hos CSN.",
        "Pratade om studieteknik inför provet.",
        "Träffade läraren tillsammans; extra stöd i svenska ordnat.",
        "Allt går bra, hörs om en månad.",
    ],
}
SUPPORT_ENDS = {
    SupportEndReason.NOT_NEEDED: 6,
    SupportEndReason.DECLINED: 2,
    SupportEndReason.STOPPED: 1,
    SupportEndReason.OTHER: 1,
}

MEETING_SHARE = 0.35
SUPPORT_SHARE = 0.7
QUIET_SHARE = 0.08  # active participants nobody has contacted for a while


def _weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Writer:
    """Collects rows and writes them in batches, with their audit entries."""

    def __init__(self):
        self.contacts, self.contact_staff = [], []
        self.meetings, self.meeting_actors = [], []
        self.periods, self.follow_ups = [], []

    def flush(self, force=False):
        if force or len(self.contacts) >= BATCH:
            created = Contact.objects.bulk_create(self.contacts, batch_size=1000)
            Staff = Contact.staff.through
            Staff.objects.bulk_create(
                [
                    Staff(contact_id=c.pk, user_id=u)
                    for c, u in zip(created, self.contact_staff, strict=False)
                    if u is not None
                ],
                batch_size=1000,
            )
            record_many(None, AuditAction.CREATE, created, detail="demodata")
            self.contacts, self.contact_staff = [], []
        if force or len(self.meetings) >= BATCH // 4:
            created = NetworkMeeting.objects.bulk_create(self.meetings, batch_size=1000)
            MeetingActor.objects.bulk_create(
                [
                    MeetingActor(meeting_id=m.pk, actor=a)
                    for m, actors in zip(created, self.meeting_actors, strict=False)
                    for a in actors
                ],
                batch_size=1000,
            )
            record_many(None, AuditAction.CREATE, created, detail="demodata")
            self.meetings, self.meeting_actors = [], []
        if force or len(self.periods) >= BATCH // 4:
            created = SupportPeriod.objects.bulk_create(self.periods, batch_size=1000)
            rows = [
                SupportFollowUp(period_id=p.pk, **f)
                for p, follow_ups in zip(created, self.follow_ups, strict=False)
                for f in follow_ups
            ]
            SupportFollowUp.objects.bulk_create(rows, batch_size=1000)
            record_many(None, AuditAction.CREATE, created, detail="demodata")
            self.periods, self.follow_ups = [], []


def _coordinator_on(history, day, fallback):
    current = fallback
    for from_date, coordinator_id in history:
        if from_date <= day:
            current = coordinator_id
    return current


def _contacts(rng, writer, pk, start, last_day, history, coordinator_id):
    day = start + DAY * rng.randint(0, 4)
    # Coordinators see some people several times a week and others seldom: the what-works
    # figures group enrolments by contacts per month, so the demo needs all three bands.
    low, high = _weighted(rng, CADENCES)
    while day <= last_day:
        channel = _weighted(rng, CHANNELS)
        staff = _coordinator_on(history, day, coordinator_id)
        writer.contacts.append(
            Contact(
                enrollment_id=pk,
                contact_date=day,
                channel=channel,
                contact_time=datetime.time(rng.choice((9, 10, 11, 13, 14, 15)), rng.choice((0, 15, 30, 45)))
                if channel in (Channel.MOTE, Channel.VIDEO, Channel.HEMBESOK, Channel.WALK_AND_TALK)
                else None,
                duration_minutes=rng.choice(DURATIONS[channel]) if channel in DURATIONS else None,
                note=rng.choice(NOTES[channel]),
                other_participants=rng.choice(OTHERS) if rng.random() < 0.12 else "",
                recorded_by_id=staff,
            )
        )
        writer.contact_staff.append(staff)
        day += DAY * rng.randint(low, high)


def _meetings(rng, writer, pk, start, last_day, active, coordinator_id, today):
    day = start + DAY * rng.randint(14, 50)
    planned = []
    while day <= last_day:
        planned.append(day)
        day += DAY * rng.randint(42, 84)
    if active and planned and rng.random() < 0.5:
        planned.append(today + DAY * rng.randint(3, 40))  # booked ahead
    for index, day in enumerate(planned):
        actors = [a for a, chance in ACTOR_CHANCE.items() if rng.random() < chance] or [Actor.AF]
        kind = (
            MeetingKind.SIP
            if Actor.REGION in actors and Actor.SOCIALTJANST in actors
            else MeetingKind.TREPARTSMOTE
            if len(actors) == 1
            else rng.choice((MeetingKind.NATVERKSMOTE, MeetingKind.AVSTAMNINGSMOTE))
        )
        held = day <= today
        decisions = []
        if held:
            decisions = [rng.choice(DECISIONS[a]) for a in actors if a in DECISIONS][:2]
            decisions.append(rng.choice(COMMON_DECISIONS))
        following = (
            planned[index + 1]
            if index + 1 < len(planned)
            else (day + DAY * rng.randint(42, 70) if held and active else None)
        )
        writer.meetings.append(
            NetworkMeeting(
                enrollment_id=pk,
                meeting_date=day,
                kind=kind,
                decisions=decisions,
                next_meeting_date=following,
                actor_names=", ".join(ACTOR_NAMES[a] for a in actors if a in ACTOR_NAMES),
                recorded_by_id=coordinator_id,
            )
        )
        writer.meeting_actors.append(actors)


def _support(rng, writer, pk, start, end_date, reason, coordinator_id, today):
    studies = reason != "arbete"
    kind = SupportKind.EDUCATION if studies else SupportKind.EMPLOYMENT
    place, role = rng.choice(SCHOOLS if studies else EMPLOYERS)
    started = max(start, end_date - DAY * rng.randint(0, 14))
    ends = today if rng.random() < 0.5 else min(today, started + DAY * rng.randint(60, 270))
    follow_ups, day = [], started + DAY * rng.randint(5, 14)
    while day <= ends:
        follow_ups.append(
            {
                "followed_up_on": day,
                "channel": _weighted(rng, SUPPORT_CHANNELS),
                "note": rng.choice(SUPPORT_NOTES[kind]),
                "recorded_by_id": coordinator_id,
            }
        )
        day += DAY * rng.randint(10, 35)
    ended = ends < today
    writer.periods.append(
        SupportPeriod(
            enrollment_id=pk,
            kind=kind,
            started_on=started,
            place=place,
            role=role,
            recorded_by_id=coordinator_id,
            ended_on=ends if ended else None,
            end_reason=_weighted(rng, SUPPORT_ENDS) if ended else "",
        )
    )
    writer.follow_ups.append(follow_ups)


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 50


def demo_data(dataset, rng):
    """Contacts, meetings and support periods for the demo's enrolments up to ``dataset.as_of``."""
    today = dataset.as_of
    enrollments = Enrollment.objects.filter(project__code__in=dataset.projects, start_date__lte=today)
    history = {}
    assignments = (
        CoordinatorAssignment.objects.filter(enrollment__in=enrollments)
        .order_by("enrollment_id", "from_date", "pk")
        .values_list("enrollment_id", "from_date", "coordinator_id")
    )
    for pk, rows in itertools.groupby(assignments.iterator(chunk_size=BATCH), key=lambda row: row[0]):
        history[pk] = [(from_date, coordinator_id) for _pk, from_date, coordinator_id in rows]
    writer = _Writer()
    rows = enrollments.order_by("pk").values_list(
        "pk", "start_date", "end_date", "exit_reason", "coordinator_id"
    )
    for pk, start, end_date, reason, coordinator_id in rows.iterator(chunk_size=BATCH):
        active = end_date is None or end_date > today
        last_day = today if active else end_date
        if active and rng.random() < QUIET_SHARE:
            last_day = today - DAY * rng.randint(25, 60)  # nobody has reached them lately
        _contacts(rng, writer, pk, start, last_day, history.get(pk, []), coordinator_id)
        if rng.random() < MEETING_SHARE:
            _meetings(rng, writer, pk, start, today if active else end_date, active, coordinator_id, today)
        if not active and reason in ("arbete", "studier") and rng.random() < SUPPORT_SHARE:
            _support(rng, writer, pk, start, end_date, reason, coordinator_id, today)
        writer.flush()
    writer.flush(force=True)
