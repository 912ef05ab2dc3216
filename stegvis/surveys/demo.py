"""Demo surveys: the exit survey in use in every demo project, links for most exits, realistic answers.

The first demo project asks anonymously and sends automatically at exit and again after 90 days;
the others alternate between named and anonymous, so both modes show. About 85 % of exited
enrolments got a link and about two in three of those answered: mostly agreeing, some "vet
inte", a few free texts. Links get a token hash whose raw token is thrown away (nobody can
answer a demo link). Written in bulk, the enrolments read in one streamed query.
"""

import datetime

from stegvis.audit.log import AuditAction, record_many
from stegvis.core.tokens import new_token
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.surveys.actions import active_exit_survey, first_of_month
from stegvis.surveys.models import (
    Mode,
    Occasion,
    ProjectSurveySettings,
    QuestionKind,
    SurveyAnswer,
    SurveyLink,
    SurveyResponse,
)

BATCH = 2000
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
        links.append(
            SurveyLink(
                token_hash=new_token()[1],
                enrollment_id=pk,
                survey=survey,
                mode=mode,
                occasion=Occasion.EXIT,
                language=language if language in ("sv", "en", "ar", "prs", "so", "ti", "sw") else "sv",
                channel=rng.choice(("qr", "sms", "sms", "email")),
                created_at=sent,
                expires_at=sent + datetime.timedelta(days=14),
                answered_month=month,
            )
        )
        if answered:
            response = SurveyResponse(
                survey=survey,
                project_id=project_id,
                mode=mode,
                month=month,
                enrollment_id=pk if mode == Mode.NAMED else None,
            )
            responses.append(response)
            for question in questions:
                if question.kind == QuestionKind.STATEMENT:
                    value = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                    answers.append(
                        SurveyAnswer(
                            response=response, question=question, value=value, dont_know=value is None
                        )
                    )
                elif rng.random() < 0.15 and question.code in FREE_TEXTS:
                    answers.append(
                        SurveyAnswer(
                            response=response, question=question, text=rng.choice(FREE_TEXTS[question.code])
                        )
                    )
        if len(links) >= BATCH:
            _write(links, responses, answers)
            links, responses, answers = [], [], []
    _write(links, responses, answers)


def _write(links, responses, answers):
    if not links:
        return
    created = SurveyLink.objects.bulk_create(links, batch_size=1000)
    record_many(None, AuditAction.CREATE, created, detail="demodata")
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    SurveyAnswer.objects.bulk_create(answers, batch_size=1000)
