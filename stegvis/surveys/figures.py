"""Survey figures: the report's ``surveys`` section and the results page compute them here, once.

Definitions (docs/surveys.md):

- ``invited``: enrolments in scope with a survey link made on or before the report date;
  ``answered``: of those, enrolments whose link was answered (by the month of answering);
  ``response_rate`` = answered / invited.
- Per statement (by its stable code, across survey versions): ``answered`` = answers on the
  scale 1–5 ("vet inte" is not a position and is counted apart as ``dont_know``); ``agreeing`` =
  answers 4 or 5; ``share`` = agreeing / answered (``None`` without answers); ``distribution``
  counts each step.
- Anonymous answers know only their project and month, so they are counted by month (up to the
  report date, and within the window's months on the results page), never through enrolments.
- Course evaluations' links and answers are not the exit survey's: they are left out here and
  counted per course and occasion by :mod:`stegvis.surveys.courses`, with the same functions.

A fixed number of queries whatever the number of answers: one aggregate over the links, one
over the responses, one ``GROUP BY`` over the answers and one for the statements' texts.
"""

from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce

from stegvis.participants.models import Gender
from stegvis.reports.project_report import share
from stegvis.surveys.models import Mode, Question, QuestionKind, SurveyAnswer, SurveyLink, SurveyResponse

STEPS = (1, 2, 3, 4, 5)
AGREEING = (4, 5)


def statement_labels():
    """``{code: text}`` of the statements of active surveys (the newest version's wording), in order."""
    labels = {}
    rows = (
        Question.objects.filter(kind=QuestionKind.STATEMENT, survey__is_active=True)
        .order_by("survey__code", "-survey__version", "position")
        .values_list("code", "text")
    )
    for code, text in rows:
        labels.setdefault(code, text)
    return labels


def responses_in(project, on, date_from=None, date_to=None):
    """The project's exit-survey responses up to ``on`` (and within the window's months).

    A course evaluation's responses are counted apart (:mod:`stegvis.surveys.courses`).
    """
    responses = SurveyResponse.objects.filter(project=project, month__lte=on, course_evaluation__isnull=True)
    if date_from is not None:
        responses = responses.filter(month__gte=date_from.replace(day=1))
    if date_to is not None:
        responses = responses.filter(month__lte=date_to)
    return responses


def _no_answers():
    return {"steps": dict.fromkeys(STEPS, 0), "dont_know": 0}


def statement_counts(responses, *by):
    """``{group: {code: {"steps": {1..5: n}, "dont_know": n}}}`` of the statements answered in ``responses``.

    ``group`` is the tuple of the responses' fields ``by`` (``()`` when not grouped): one
    ``GROUP BY`` whatever the number of answers or groups.
    """
    grouped = (
        SurveyAnswer.objects.filter(
            response__in=responses.values("pk"), question__kind=QuestionKind.STATEMENT
        )
        .order_by()
        .values_list(*(f"response__{field}" for field in by), "question__code", "value", "dont_know")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for *group, code, value, dont_know, n in grouped:
        entry = counts.setdefault(tuple(group), {}).setdefault(code, _no_answers())
        if dont_know:
            entry["dont_know"] += n
        elif value in STEPS:
            entry["steps"][value] += n
    return counts


def merged_counts(parts):
    """The counts of several groups (e.g. a course's occasions) added up, per statement."""
    merged = {}
    for counts in parts:
        for code, entry in counts.items():
            total = merged.setdefault(code, _no_answers())
            total["dont_know"] += entry["dont_know"]
            for step in STEPS:
                total["steps"][step] += entry["steps"][step]
    return merged


def figures_from_counts(counts, labels):
    """``{code: {...}}`` (docs above) for every statement in ``counts`` or named in ``labels``."""
    figures = {}
    for code in list(labels) + sorted(set(counts) - set(labels)):
        entry = counts.get(code, _no_answers())
        answered = sum(entry["steps"].values())
        agreeing = sum(entry["steps"][v] for v in AGREEING)
        figures[code] = {
            "text": labels.get(code, code),
            "answered": answered,
            "agreeing": agreeing,
            "share": share(agreeing, answered) if answered else None,
            "dont_know": entry["dont_know"],
            "distribution": {str(v): entry["steps"][v] for v in STEPS},
        }
    return figures


def statement_figures(responses, labels):
    """``{code: {...}}`` for every statement answered in ``responses`` or named in ``labels``."""
    return figures_from_counts(statement_counts(responses).get((), {}), labels)


def response_rate(invited, answered):
    """answered / invited, ``None`` when nobody was invited."""
    return share(answered, invited) if invited else None


def survey_figures(project, enrollments, on, date_from=None, date_to=None):
    """The ``surveys`` section for ``project``: links of ``enrollments``, responses by month."""
    links = SurveyLink.objects.filter(
        enrollment__in=enrollments.values("pk"), created_at__date__lte=on, course_evaluation__isnull=True
    )
    link_row = links.aggregate(
        invited=Count("enrollment", distinct=True),
        answered=Count("enrollment", distinct=True, filter=Q(answered_month__lte=on)),
    )
    responses = responses_in(project, on, date_from, date_to)
    response_row = responses.aggregate(
        total=Count("pk"),
        anonymous=Count("pk", filter=Q(mode=Mode.ANONYMOUS)),
        named=Count("pk", filter=Q(mode=Mode.NAMED)),
    )
    invited, answered = link_row["invited"], link_row["answered"]
    return {
        "invited": invited,
        "answered": answered,
        "response_rate": response_rate(invited, answered),
        "responses": response_row["total"],
        "responses_by_mode": {
            Mode.ANONYMOUS.value: response_row["anonymous"],
            Mode.NAMED.value: response_row["named"],
        },
        "statements": statement_figures(responses, statement_labels()),
    }


def surveys_section(project, enrollments, on):
    """The report section (``register_report_section``): the report's own enrolments and date."""
    return survey_figures(project, enrollments, on)


def agreement_by_gender(project, statement, on, date_from=None, date_to=None):
    """``{gender: (answered, agreeing)}`` of one exit-survey statement within the window's months.

    For the AMIF section (:func:`stegvis.reports.external.amif.register_support_helped`): a named
    answer has its enrolment's gender; an anonymous one has none and is counted as ``X`` (other
    or not given). One ``GROUP BY``.
    """
    rows = (
        SurveyAnswer.objects.filter(
            response__in=responses_in(project, on, date_from, date_to).values("pk"),
            question__code=statement,
            question__kind=QuestionKind.STATEMENT,
            value__in=STEPS,
        )
        .order_by()
        .values_list(Coalesce("response__enrollment__gender", Value(Gender.X)))
        .annotate(answered=Count("pk"), agreeing=Count("pk", filter=Q(value__in=AGREEING)))
    )
    result: dict[str, tuple[int, int]] = {}
    for gender, answered, agreeing in rows:
        before = result.get(gender, (0, 0))
        result[gender] = (before[0] + answered, before[1] + agreeing)
    return result


def free_texts(responses):
    """``[(question text, [answer, ...])]`` of the free-text questions, in random (key) order, not time order."""
    questions = {}
    rows = (
        SurveyAnswer.objects.filter(response__in=responses.values("pk"), question__kind=QuestionKind.TEXT)
        .exclude(text="")
        .order_by("question__code", "id")
        .values_list("question__code", "question__text", "text")
    )
    for code, question_text, text in rows:
        questions.setdefault(code, (question_text, []))[1].append(text)
    return list(questions.values())
