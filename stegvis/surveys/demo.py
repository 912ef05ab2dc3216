"""Demo surveys: the exit survey in use in every demo project, links for most exits, realistic answers.

One occasion of a course is evaluated too (:data:`COURSE`): its participants got a link when it
ended and most answered, anonymously.

The first demo project asks anonymously and sends automatically at exit and again after 90 days;
the others alternate between named and anonymous, so both modes show. About 85 % of exited
enrolments got a link and about two in three of those answered: mostly agreeing, some "vet
inte", a few free texts. Links get a token hash whose raw token is thrown away (nobody can
answer a demo link). Written in bulk, the enrolments read in one streamed query.
"""

import datetime
import random

from django.db.models import Exists, OuterRef, Q

from stegvis.audit.log import AuditAction, record_many
from stegvis.core.tokens import new_token
from stegvis.interventions.models import Intervention, ParticipantIntervention
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, counted_q
from stegvis.surveys.actions import active_exit_survey, first_of_month
from stegvis.surveys.models import (
    CourseEvaluation,
    Mode,
    Occasion,
    ProjectSurveySettings,
    QuestionKind,
    SurveyAnswer,
    SurveyLink,
    SurveyResponse,
)

BATCH = 2000
LANGUAGES = ("sv", "en", "ar", "prs", "so", "ti", "sw")
# The evaluated course occasion: Helhetslyftet's "Digitalt för alla", ended a month before the demo's day.
COURSE = ("helhetslyftet", "Digitalt för alla")
COURSE_OCCASION = "Digitalt för alla, senaste terminen"
COURSE_DAYS = 150
COURSE_ENDED_DAYS_AGO = 30
LINK_SHARE = 0.85
ANSWER_SHARE = 0.65
# Answers 1..5 and "vet inte" (None): mostly agreeing, as the seed projects' paper surveys did.
WEIGHTS = {1: 3, 2: 5, 3: 12, 4: 35, 5: 38, None: 7}
FREE_TEXTS = {
    "basta": [
        "Min koordinator lyssnade på mig.",
        "Praktiken.",
        "Att jag fick hjälp med CV och ansökningar.",
        "Att någon ringde när jag inte kom.",
        "Svenskan blev bättre.",
    ],
    "battre": ["Mer tid för praktik.", "Tolk oftare.", "Fler träffar i början.", "Snabbare svar på mejl."],
}


def _settings(dataset, survey):
    projects = list(Project.objects.filter(code__in=dataset.projects).order_by("code"))
    modes = {}
    for i, project in enumerate(projects):
        mode = Mode.ANONYMOUS if i % 2 == 0 else Mode.NAMED
        ProjectSurveySettings.objects.update_or_create(
            project=project,
            defaults={
                "exit_survey": survey,
                "mode": mode,
                "send_at_exit": i == 0,
                "later_days": 90 if i == 0 else None,
            },
        )
        modes[project.pk] = mode
    return modes


#: Runs after the apps with a lower order (see stegvis.demo.extensions).
DEMO_ORDER = 40


def demo_data(dataset, rng):
    survey = active_exit_survey()
    if survey is None:
        return
    modes = _settings(dataset, survey)
    questions = list(survey.questions.order_by("position"))
    exits = (
        Enrollment.objects.filter(
            project__code__in=dataset.projects, end_date__isnull=False, end_date__lte=dataset.as_of
        )
        .order_by("pk")
        .values_list("pk", "project_id", "end_date", "person__language")
    )
    links, responses, answers = [], [], []
    for pk, project_id, end_date, language in exits.iterator(chunk_size=BATCH):
        if rng.random() >= LINK_SHARE:
            continue
        mode = modes[project_id]
        sent = datetime.datetime.combine(end_date, datetime.time(10, 0), tzinfo=datetime.UTC)
        answered = rng.random() < ANSWER_SHARE and end_date + datetime.timedelta(days=3) <= dataset.as_of
        month = first_of_month(end_date + datetime.timedelta(days=rng.randint(0, 3))) if answered else None
        channel = rng.choice(("qr", "sms", "sms", "email"))
        links.append(_link(pk, survey, mode, language, channel, sent, month, occasion=Occasion.EXIT))
        if answered:
            response = SurveyResponse(
                survey=survey,
                project_id=project_id,
                mode=mode,
                month=month,
                enrollment_id=pk if mode == Mode.NAMED else None,
            )
            responses.append(response)
            # Statements first, then the free texts: the order the default survey asks them in.
            answers += _answers(rng, response, questions)
            for question in questions:
                if (
                    question.kind != QuestionKind.STATEMENT
                    and rng.random() < 0.15
                    and question.code in FREE_TEXTS
                ):
                    answers.append(
                        SurveyAnswer(
                            response=response, question=question, text=rng.choice(FREE_TEXTS[question.code])
                        )
                    )
        if len(links) >= BATCH:
            _write(links, responses, answers)
            links, responses, answers = [], [], []
    _write(links, responses, answers)
    _course_evaluation(dataset, survey, questions)


def _link(pk, survey, mode, language, channel, sent, month, **fields):
    """A demo link whose raw token is thrown away, so nobody can answer it."""
    return SurveyLink(
        token_hash=new_token()[1],
        enrollment_id=pk,
        survey=survey,
        mode=mode,
        language=language if language in LANGUAGES else "sv",
        channel=channel,
        created_at=sent,
        expires_at=sent + datetime.timedelta(days=14),
        answered_month=month,
        **fields,
    )


def _answers(rng, response, questions):
    return [
        SurveyAnswer(response=response, question=question, value=value, dont_know=value is None)
        for question in questions
        if question.kind == QuestionKind.STATEMENT
        for value in [rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]]
    ]


def _course_evaluation(dataset, survey, questions):
    """One evaluated occasion of a course (see :data:`COURSE`): links at its end, most of them answered.

    From a generator of its own, so the exit survey's demo answers stay as they were.
    """
    code, name = COURSE
    intervention = Intervention.objects.filter(project__code=code, name=name).first()
    if intervention is None or code not in dataset.projects:
        return
    rng = random.Random(f"{dataset.seed}:surveys:course")
    ends_on = dataset.as_of - datetime.timedelta(days=COURSE_ENDED_DAYS_AGO)
    starts_on = ends_on - datetime.timedelta(days=COURSE_DAYS)
    evaluation = CourseEvaluation.objects.create(
        intervention=intervention,
        survey=survey,
        name=COURSE_OCCASION,
        starts_on=starts_on,
        ends_on=ends_on,
        mode=Mode.ANONYMOUS,
    )
    record_many(None, AuditAction.CREATE, [evaluation], detail="demodata")
    participants = (
        Enrollment.objects.filter(counted_q())
        .filter(
            Exists(
                ParticipantIntervention.objects.filter(
                    enrollment_id=OuterRef("pk"), intervention=intervention, start_date__lte=ends_on
                ).filter(Q(end_date__isnull=True) | Q(end_date__gte=starts_on))
            )
        )
        .order_by("pk")
        .values_list("pk", "project_id", "person__language")
    )
    sent = datetime.datetime.combine(
        ends_on + datetime.timedelta(days=1), datetime.time(10, 0), tzinfo=datetime.UTC
    )
    links, responses, answers = [], [], []
    for pk, project_id, language in participants.iterator(chunk_size=BATCH):
        answered = rng.random() < ANSWER_SHARE
        month = first_of_month(ends_on + datetime.timedelta(days=rng.randint(1, 5))) if answered else None
        channel = rng.choice(("sms", "sms", "email"))
        links.append(
            _link(
                pk,
                survey,
                Mode.ANONYMOUS,
                language,
                channel,
                sent,
                month,
                occasion=Occasion.COURSE_END,
                course_evaluation=evaluation,
            )
        )
        if answered:
            response = SurveyResponse(
                survey=survey,
                project_id=project_id,
                mode=Mode.ANONYMOUS,
                month=month,
                course_evaluation=evaluation,
            )
            responses.append(response)
            answers += _answers(rng, response, questions)
    _write(links, responses, answers)


def _write(links, responses, answers):
    if not links:
        return
    created = SurveyLink.objects.bulk_create(links, batch_size=1000)
    record_many(None, AuditAction.CREATE, created, detail="demodata")
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    SurveyAnswer.objects.bulk_create(answers, batch_size=1000)
