"""Demo start groups: two or three per demo project, weekly sessions and realistic attendance.

Each group starts on a Monday (the latest a month before the demo's today, the others seventeen
weeks apart before it), runs twelve weeks with a session a week, and takes in participants who
start during its first six weeks as well (continuous intake). The project owner runs the groups
and takes in participants from all the project's organisations, so a partner's coordinator sees
their own members by name and the others only as a count. Each member has their own attendance habit;
sessions after the demo's today are planned but have no attendance yet.

Everything is written with ``bulk_create``: a handful of queries per project.
"""

import datetime

from django.db.models import Q

from stegvis.audit.log import AuditAction, record_many
from stegvis.cohorts.models import Attendance, AttendanceStatus, Cohort, CohortMember, CohortSession
from stegvis.organizations.models import Project, Role, StaffRole
from stegvis.participants.models import Enrollment

WEEKS = 12
INTAKE_WEEKS = 6
MIN_MEMBERS, MAX_MEMBERS = 8, 16
GROUPS = 3
WEEKS_APART = 17  # between the starts of a project's groups: they do not overlap

THEMES = [
    (
        "Startgrupp",
        [
            "Välkommen: presentation och förväntningar",
            "Min vardag och mina mål",
            "Samhällsinformation: vård och tandvård",
            "Digitalt för alla: BankID och 1177",
            "Digitalt för alla: Platsbanken och mina sidor",
            "Ekonomi i vardagen",
            "Studiebesök på Arbetsförmedlingen",
            "Mitt CV",
            "Praktik – vad är det?",
            "Studiebesök på folkhögskolan",
            "Intervjuträning",
            "Avslutning och min plan framåt",
        ],
    ),
    (
        "Min Hälsa",
        [
            "Min Hälsa: introduktion",
            "Min Hälsa: sömn och återhämtning",
            "Min Hälsa: stress och oro",
            "Walk and talk i naturreservatet",
            "Min Hälsa: kost och matlagning",
            "Min Hälsa: rörelse i vardagen",
            "Besök på vårdcentralen",
            "Min Hälsa: psykisk hälsa",
            "Prova-på: simhallen",
            "Min Hälsa: relationer och nätverk",
            "Min Hälsa: mina styrkor",
            "Min Hälsa: avslutning",
        ],
    ),
    (
        "Svensk arbetskultur",
        [
            "Svensk arbetskultur: introduktion",
            "Arbetsplatsens oskrivna regler",
            "Rättigheter och skyldigheter på jobbet",
            "Facket och kollektivavtal",
            "Studiebesök på ett lager",
            "Studiebesök på en förskola",
            "Studiebesök på ett äldreboende",
            "Kommunikation på arbetsplatsen",
            "Mitt CV och personligt brev",
            "Intervjuträning",
            "FIA: från praktik till anställning",
            "Avslutning och framåtplan",
        ],
    ),
]
PLACES = ["Träffpunkten, %s centrum", "Kompetenscentrum %s, sal 2", "Stadsbiblioteket i %s, studierum"]
HABITS = [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.45]  # chance to come, per member
EXCUSED_SHARE = 0.6  # of absences that were reported in advance


def _season(day):
    return "vår" if day.month <= 5 else "sommar" if day.month <= 8 else "höst"


def _group_starts(project, as_of):
    """Up to three Mondays, the latest four weeks before today, each group ``WEEKS_APART`` before the next."""
    latest = as_of - datetime.timedelta(weeks=4)
    latest -= datetime.timedelta(days=latest.weekday())
    starts = [latest - datetime.timedelta(weeks=WEEKS_APART * i) for i in range(GROUPS)]
    return [
        day
        for day in starts
        if day >= project.start_date and (project.end_date is None or day <= project.end_date)
    ]


def _member_rows(rng, enrollments, start, taken):
    """Enrolments active at the start or starting during the intake weeks, not in another group."""
    rows = [
        row
        for row in enrollments.filter(start_date__lte=start + datetime.timedelta(weeks=INTAKE_WEEKS))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start + datetime.timedelta(weeks=1)))
        .order_by("-start_date", "pk")
        .values_list("pk", "start_date", "end_date")[: MAX_MEMBERS * 4]
        if row[0] not in taken
    ]
    rng.shuffle(rows)
    chosen = sorted(rows[: rng.randint(MIN_MEMBERS, MAX_MEMBERS)], key=lambda r: (r[1], r[0]))
    taken.update(r[0] for r in chosen)
    return chosen


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 40


def demo_data(dataset, rng):
    """Start groups for every demo project, with members, weekly sessions and attendance."""
    today = dataset.as_of
    for project in Project.objects.filter(code__in=dataset.projects).select_related("owner").order_by("code"):
        municipality = project.owner.name.split()[0]
        owner_leaders = list(
            StaffRole.objects.filter(role=Role.COORDINATOR, organization=project.owner)
            .values_list("user_id", flat=True)
            .distinct()[:2]
        )
        project_enrollments = Enrollment.objects.filter(project=project)
        cohorts, plans, taken = [], [], set()
        for index, start in enumerate(_group_starts(project, today)):
            name, topics = THEMES[index % len(THEMES)]
            end = start + datetime.timedelta(weeks=WEEKS) - datetime.timedelta(days=1)
            cohort = Cohort(
                project=project,
                organization=project.owner,
                start_date=start,
                end_date=end,
                name=f"{name} {_season(start)} {start.year}",
                place=rng.choice(PLACES) % municipality,
                description=f"{name}: tolv veckoträffar med tolk vid behov. Löpande intag de första sex veckorna.",
            )
            cohorts.append(cohort)
            plans.append((start, end, topics, _member_rows(rng, project_enrollments, start, taken)))
        Cohort.objects.bulk_create(cohorts)
        Cohort.leaders.through.objects.bulk_create(
            [Cohort.leaders.through(cohort_id=c.pk, user_id=u) for c in cohorts for u in owner_leaders]
        )
        sessions, members, habits = [], [], []
        for cohort, (start, end, topics, rows) in zip(cohorts, plans, strict=False):
            cohort_sessions = [
                CohortSession(
                    cohort=cohort,
                    date=start + datetime.timedelta(weeks=week),
                    topic=topics[week],
                    start_time=datetime.time(9, 30),
                    end_time=datetime.time(12, 0),
                )
                for week in range(WEEKS)
            ]
            sessions.extend(cohort_sessions)
            for pk, enrol_start, enrol_end in rows:
                joined = max(start, enrol_start)
                left = enrol_end if enrol_end is not None and enrol_end < end else None
                if left is not None and left < joined:
                    continue
                members.append(CohortMember(cohort=cohort, enrollment_id=pk, joined_on=joined, left_on=left))
                habits.append((rng.choice(HABITS), cohort_sessions))
        CohortSession.objects.bulk_create(sessions)
        CohortMember.objects.bulk_create(members)
        attendance = []
        for member, (habit, cohort_sessions) in zip(members, habits, strict=False):
            for session in cohort_sessions:
                if session.date > today or not member.is_member_on(session.date):
                    continue
                draw = rng.random()
                if draw < habit:
                    status = AttendanceStatus.PRESENT
                elif rng.random() < EXCUSED_SHARE:
                    status = AttendanceStatus.EXCUSED
                else:
                    status = AttendanceStatus.ABSENT
                attendance.append(Attendance(session_id=session.pk, member_id=member.pk, status=status))
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        record_many(None, AuditAction.CREATE, [*cohorts, *members], detail="demodata")
