"""Demo goals and implementation plans, in the words of the projects' own final reports.

Every demo project gets a theory of change (participant goals with indicators, organisation and
management goals with a recorded status) and an implementation plan of eight steps laid out
over the project's period. Statuses follow the demo's "today": steps that are over are done (one
now and then late), goals of a finished project carry a final judgement. A constant number of
rows per project, written with one ``bulk_create`` per model and audited with ``record_many``.
"""

import calendar
import datetime

from stegvis.audit.log import AuditAction, record_many
from stegvis.goals.models import Goal, ImplementationStep, Kind, Level, QualitativeStatus, StepStatus
from stegvis.organizations.models import Project

COMPUTED = Kind.COMPUTED
QUALITATIVE = Kind.QUALITATIVE

# (level, title, description, indicator, parameters, target, target_max); projects listed get it.
PARTICIPANT_GOALS = [
    (
        "25 % går vidare till arbete eller studier",
        "Huvudmålet: andelen avslut till arbete, studier eller arbetsmarknadsutbildning.",
        "work_or_studies",
        {},
        25,
        None,
        {"helhetslyftet", "spik", "vagen-framat"},
    ),
    (
        "60 % har förbättrats enligt BIP-mätningen",
        "Progressionskortet vid start och senaste mätning; positiv förändring räknas.",
        "progression_positive",
        {},
        60,
        None,
        {"helhetslyftet", "spik"},
    ),
    (
        "80 % har gjort en dokumenterad stegförflyttning",
        "Stegförflyttning dokumenterad med progressionskortet.",
        "progression_positive",
        {},
        80,
        None,
        {"vagen-framat"},
    ),
    (
        "80 % av språkdeltagarna har förbättrat sin svenska (ett steg i SFI)",
        "Språkdeltagare: minst två registrerade SFI-nivåer.",
        "language_step",
        {"framework": "sfi"},
        80,
        None,
        {"helhetslyftet", "spik"},
    ),
    (
        "40 % är i arbete eller studier sex månader efter avslut",
        "Uppföljning efter avslut; jobb som kommer efter avslutet räknas också.",
        "work_or_studies_after_exit",
        {"months": "6"},
        40,
        None,
        {"spik", "vagen-framat"},
    ),
    (
        "60 % anger att insatsen har varit till hjälp",
        "Slutenkäten: påståendet ”Insatsen har varit till hjälp för mig”.",
        "survey_agreement",
        {"statement": "insatsen-till-hjalp"},
        60,
        None,
        {"helhetslyftet", "vagen-framat"},
    ),
    (
        "Jämn könsfördelning bland deltagarna (40–60 % kvinnor)",
        "Horisontell princip: jämställdhet.",
        "gender_balance",
        {},
        40,
        60,
        {"helhetslyftet", "spik", "vagen-framat"},
    ),
]

# (level, title, evidence when done, evidence while under way)
QUALITATIVE_GOALS = [
    (
        Level.ORGANISATION,
        "Samverkan mellan kommun, AF och FK är etablerad",
        "Samverkansavtal undertecknat; gemensamma ärendedragningar varannan vecka.",
        "Avtal med AF klart, med FK under förhandling; ärendedragningar har startat.",
    ),
    (
        Level.ORGANISATION,
        "Metoder för samverkan och samordning är dokumenterade och förs över till ordinarie verksamhet",
        "Metodbeskrivning antagen av styrgruppen; två arbetssätt införda i ordinarie verksamhet.",
        "Metodbeskrivningen är påbörjad och diskuteras på dialogmötena.",
    ),
    (
        Level.LEDNING_PERSONAL,
        "Personalen har fått utbildning i BIP-metoden",
        "Alla koordinatorer har gått BIP-utbildningen (två dagar) och använder progressionskortet.",
        "Första utbildningsomgången genomförd; nyanställda utbildas under våren.",
    ),
    (
        Level.LEDNING_PERSONAL,
        "Ledning och medarbetare har ett långsiktigt perspektiv på kedjan av stöd",
        "Ledningsgruppen följer kedjan av insatser i den årliga verksamhetsplanen.",
        "Kedjan av stöd har kartlagts på två dialogmöten med ledningen.",
    ),
]

# (what, how, who, first month, last month) with months counted from the project's start;
# negative months count back from its end (-1 is the last month).
PLAN = [
    (
        "Rekrytering av koordinatorer",
        "Annonsering och intervjuer tillsammans med samverkansparterna.",
        "Projektledare",
        0,
        1,
    ),
    (
        "Samverkansavtal med AF och FK",
        "Överenskommelse om anvisning, ärendedragningar och kontaktpersoner.",
        "Projektägare, Arbetsförmedlingen, Försäkringskassan",
        0,
        3,
    ),
    (
        "Utbildning i progressionsmätning (BIP)",
        "Två utbildningsdagar för all personal; progressionskortet införs.",
        "Projektledare och extern utbildare",
        1,
        2,
    ),
    (
        "Första startgruppen",
        "Startgrupp med gemensam introduktion, språkgrupper med tolk vid behov.",
        "Koordinatorer",
        3,
        3,
    ),
    (
        "Löpande intag, kartläggning och planering",
        "Kartläggning av hela livssituationen och individuell plan.",
        "Koordinatorer, studie- och yrkesvägledare",
        4,
        -4,
    ),
    (
        "Halvtidsutvärdering",
        "Intervjuer med deltagare och personal; resultat till styrgruppen.",
        "Extern utvärderare",
        "mid",
        "mid",
    ),
    (
        "Implementering i ordinarie verksamhet",
        "Arbetssätt som fungerat förs över; beslut i styrgruppen.",
        "Projektägare och styrgrupp",
        -4,
        -1,
    ),
    ("Slutrapport", "Resultat per mål, uppföljning efter avslut och lärdomar.", "Projektledare", -1, -1),
]


def _month_start(day, months):
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_end(first):
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _months_between(start, end):
    return (end.year - start.year) * 12 + end.month - start.month


def _step_period(project_start, project_end, first, last):
    span = _months_between(project_start, project_end)

    def month(m):
        if m == "mid":
            m = span // 2
        elif m < 0:
            m = span + 1 + m
        return _month_start(project_start, max(0, min(m, span)))

    start = month(first)
    return start, _month_end(max(start, month(last)))


def _step_status(start, end, as_of, rng):
    if end < as_of:
        return StepStatus.FORSENAD if rng.random() < 0.1 else StepStatus.KLAR
    if start <= as_of:
        return StepStatus.PAGAR
    return StepStatus.PLANERAD


def _qualitative_status(progress, rng):
    """A status fitting how far the project has come (``progress`` 0..1 of its period, 1 = ended)."""
    if progress >= 1:
        return QualitativeStatus.UPPNATT if rng.random() < 0.8 else QualitativeStatus.EJ_UPPNATT
    if progress < 0.15:
        return QualitativeStatus.EJ_PABORJAT
    return QualitativeStatus.UPPNATT if rng.random() < progress * 0.6 else QualitativeStatus.PAGAR


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 80


def demo_data(dataset, rng):
    """Goals and a plan for every demo project (a fixed number of rows each)."""
    goals, steps = [], []
    for project in Project.objects.filter(code__in=dataset.projects).order_by("code"):
        end = project.end_date or _month_end(_month_start(dataset.as_of, 6))
        progress = (
            1
            if end <= dataset.as_of
            else max(0, (dataset.as_of - project.start_date).days) / (end - project.start_date).days
        )
        order = 0
        for title, description, indicator, parameters, target, target_max, projects in PARTICIPANT_GOALS:
            if project.code in projects:
                order += 10
                goals.append(
                    Goal(
                        project=project,
                        level=Level.DELTAGARE,
                        kind=COMPUTED,
                        title=title,
                        description=description,
                        indicator=indicator,
                        parameters=parameters,
                        target=target,
                        target_max=target_max,
                        order=order,
                    )
                )
        for level, title, done, under_way in QUALITATIVE_GOALS:
            status = _qualitative_status(progress, rng)
            evidence = done if status == QualitativeStatus.UPPNATT else under_way
            goals.append(
                Goal(
                    project=project,
                    level=level,
                    kind=QUALITATIVE,
                    title=title,
                    status=status,
                    evidence="" if status == QualitativeStatus.EJ_PABORJAT else evidence,
                    order=10,
                )
            )
        for order, (what, how, who, first, last) in enumerate(PLAN, start=1):
            start, finish = _step_period(project.start_date, end, first, last)
            steps.append(
                ImplementationStep(
                    project=project,
                    what=what,
                    how=how,
                    who=who,
                    start_date=start,
                    end_date=finish,
                    status=_step_status(start, finish, dataset.as_of, rng),
                    order=order * 10,
                )
            )
    # Both backends return the new primary keys from bulk_create, so the audit entries name the rows.
    created = Goal.objects.bulk_create(goals) + ImplementationStep.objects.bulk_create(steps)
    record_many(None, AuditAction.CREATE, created, detail="Demodata: mål och genomförandeplan.")
