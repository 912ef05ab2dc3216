"""The report's ``adaptations`` section: how many enrolments in scope had each adaptation by the report date.

``{"by_kind": {kind: enrolments}, "any": enrolments}``: an enrolment with an adaptation of the kind
given on or before ``on`` counts once for that kind however many it has; ``any`` counts the
enrolments with at least one. An enrolment may have several kinds, so the kinds do not add up to
``any`` (no sum is declared for the suppression; every figure is a count and small ones are hidden).

One query: an aggregate over the enrolments in scope with an ``EXISTS`` per kind.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from stegvis.principles.models import Adaptation, AdaptationKind, Answer, ChecklistAnswer, ChecklistItem
from stegvis.reports.tables import Table

KEY = "adaptations"


def adaptation_figures(project, enrollments, on):
    given = Adaptation.objects.filter(enrollment_id=OuterRef("pk"), given_on__lte=on)
    annotations = {f"_ad_{kind}": Exists(given.filter(kind=kind)) for kind in AdaptationKind.values}
    aggregates = {kind: Count("pk", filter=Q(**{f"_ad_{kind}": True})) for kind in AdaptationKind.values}
    aggregates["any"] = Count("pk", filter=Q(_ad_any=True))
    row = enrollments.order_by().annotate(**annotations, _ad_any=Exists(given)).aggregate(**aggregates)
    return {"by_kind": {kind: row[kind] for kind in AdaptationKind.values}, "any": row["any"]}


def adaptation_tables(report):
    section = report.get(KEY)
    if not section:
        return []
    labels = dict(AdaptationKind.choices)
    return [
        Table(
            key=KEY,
            title=_("Anpassningar för tillgänglighet"),
            columns=[_("Anpassning"), _("Inskrivningar")],
            rows=[[str(labels[kind]), n] for kind, n in section["by_kind"].items()]
            + [[_("Minst en anpassning"), section["any"]]],
            note=_(
                "Inskrivningar i urvalet som fått anpassningen senast rapportdagen. En inskrivning kan ha "
                "flera slags anpassningar, så raderna summeras inte."
            ),
        )
    ]


def checklist_tables(project_code):
    """The project's horizontal-principles checklist as a table for the final report (one query)."""
    answers = list(
        ChecklistAnswer.objects.filter(checklist__project__code=project_code).values_list(
            "item", "answer", "text", "changed_on"
        )
    )
    if not answers:
        return []
    by_item = {item: (answer, text, changed) for item, answer, text, changed in answers}
    labels, answers_label = dict(ChecklistItem.choices), dict(Answer.choices)
    rows = []
    for item in ChecklistItem.values:  # the questions in the template's order
        answer, text, changed = by_item.get(item, ("", "", None))
        rows.append(
            [
                str(labels[item]),
                str(answers_label.get(answer, "–")),
                text or "–",
                changed.isoformat() if changed else "–",
            ]
        )
    return [
        Table(
            key="principles_checklist",
            title=_("Checklista för horisontella principer"),
            columns=[_("Fråga"), _("Svar"), _("Hur"), _("Ändrad")],
            rows=rows,
            note=_("Projektets egna svar, från sidan Horisontella principer i Stegvis."),
        )
    ]
