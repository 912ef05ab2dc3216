"""Course evaluations' results: the report's ``course_evaluations`` section, per course and occasion.

Kungsbacka evaluates each course. A :class:`~stegvis.surveys.models.CourseEvaluation` asks a
survey at the end of a catalogue intervention (a course), or of one occasion of it; its links and
responses carry it, so its answers are counted here and never in the exit survey's figures.

The section is ``{intervention id: {"name", "invited", "answered", "response_rate",
"statements", "occasions": {evaluation id: {"name", "starts_on", "ends_on", "invited",
"answered", "response_rate", "statements"}}}}``, with the exit survey's definitions
(:mod:`stegvis.surveys.figures`, whose functions count them): ``invited`` are the links of
enrolments in scope made by the report date (one per enrolment and occasion), ``answered`` those
answered by then, and the statements count the occasion's responses up to the report date's
month (anonymous answers know only their occasion and month). A course's figures are the sums of
its occasions'. Four queries whatever the number of courses, occasions or answers.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stegvis.reports.tables import Table
from stegvis.surveys.figures import figures_from_counts, merged_counts, response_rate, statement_counts
from stegvis.surveys.models import CourseEvaluation, Question, QuestionKind, SurveyLink, SurveyResponse


def _labels(survey_ids):
    """``{survey id: {code: text}}`` of the statements of the evaluations' surveys, in order."""
    labels: dict[int, dict[str, str]] = {pk: {} for pk in survey_ids}
    rows = (
        Question.objects.filter(survey_id__in=survey_ids, kind=QuestionKind.STATEMENT)
        .order_by("survey_id", "position")
        .values_list("survey_id", "code", "text")
    )
    for survey_id, code, text in rows:
        labels[survey_id][code] = text
    return labels


def course_evaluation_figures(project, enrollments, on):
    """The ``course_evaluations`` section of ``project`` as it stood on ``on`` (see the module)."""
    evaluations = list(
        CourseEvaluation.objects.filter(intervention__project=project)
        .select_related("intervention")
        .order_by("intervention__name", "starts_on", "pk")
    )
    if not evaluations:
        return {}
    ids = [e.pk for e in evaluations]
    links = {
        row["course_evaluation"]: row
        for row in SurveyLink.objects.filter(
            course_evaluation__in=ids, enrollment__in=enrollments.values("pk"), created_at__date__lte=on
        )
        .order_by()
        .values("course_evaluation")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered_month__lte=on)))
    }
    responses = SurveyResponse.objects.filter(course_evaluation__in=ids, month__lte=on)
    counts = statement_counts(responses, "course_evaluation")
    labels = _labels({e.survey_id for e in evaluations})
    section: dict[str, dict] = {}
    course_counts: dict[str, list] = {}
    course_labels: dict[str, dict] = {}
    for evaluation in evaluations:
        key = str(evaluation.intervention_id)
        course = section.setdefault(
            key, {"name": evaluation.intervention.name, "invited": 0, "answered": 0, "occasions": {}}
        )
        row = links.get(evaluation.pk, {"invited": 0, "answered": 0})
        occasion_counts = counts.get((evaluation.pk,), {})
        course_counts.setdefault(key, []).append(occasion_counts)
        course_labels.setdefault(key, {}).update(labels[evaluation.survey_id])
        course["invited"] += row["invited"]
        course["answered"] += row["answered"]
        course["occasions"][str(evaluation.pk)] = {
            "name": evaluation.name,
            "starts_on": evaluation.starts_on.isoformat() if evaluation.starts_on else None,
            "ends_on": evaluation.ends_on.isoformat() if evaluation.ends_on else None,
            "invited": row["invited"],
            "answered": row["answered"],
            "response_rate": response_rate(row["invited"], row["answered"]),
            "statements": figures_from_counts(occasion_counts, labels[evaluation.survey_id]),
        }
    for key, course in section.items():
        course["response_rate"] = response_rate(course["invited"], course["answered"])
        course["statements"] = figures_from_counts(merged_counts(course_counts[key]), course_labels[key])
        course["occasions"] = course.pop("occasions")  # after the course's own figures
    return section


def occasion_label(occasion):
    """An occasion's name, or its dates, or "every participation" for an evaluation without dates."""
    if occasion["starts_on"]:
        dates = f"{occasion['starts_on']} – {occasion['ends_on']}"
        return f"{occasion['name']} ({dates})" if occasion["name"] else dates
    return occasion["name"] or _("Varje deltagares slut på insatsen")


def course_evaluation_tables(report):
    """The ``course_evaluations`` section as two tables: response rates, and agreement per statement."""
    section = report.get("course_evaluations")
    if not section:
        return []
    rates, statements = [], []
    for course in section.values():
        rates.append(
            [
                course["name"],
                _("Alla tillfällen"),
                course["invited"],
                course["answered"],
                course["response_rate"],
            ]
        )
        for occasion in course["occasions"].values():
            rates.append(
                [
                    course["name"],
                    occasion_label(occasion),
                    occasion["invited"],
                    occasion["answered"],
                    occasion["response_rate"],
                ]
            )
        for figure in course["statements"].values():
            statements.append(
                [course["name"], figure["text"], figure["answered"], figure["agreeing"], figure["share"]]
            )
    return [
        Table(
            key="course_evaluations",
            title=_("Kursutvärderingar: svarsfrekvens"),
            columns=[_("Kurs"), _("Tillfälle"), _("Fick länk"), _("Besvarade"), _("Svarsfrekvens")],
            rows=rates,
            percent_columns={4},
            note=_(
                "En länk per inskrivning och tillfälle, när tillfället (eller deltagarens insats) slutade. "
                "Kursens rad är summan av dess tillfällen."
            ),
        ),
        Table(
            key="course_evaluation_statements",
            title=_("Kursutvärderingar: påståenden"),
            columns=[
                _("Kurs"),
                _("Påstående"),
                _("Svarat (1–5)"),
                _("Instämmer (4–5)"),
                _("Andel som instämmer"),
            ],
            rows=statements,
            percent_columns={4},
            note=_("Andel som instämmer: svar 4 eller 5 av dem som svarat 1–5; ”vet inte” räknas inte in."),
        ),
    ]
