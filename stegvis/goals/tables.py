"""The goals and the implementation plan as export tables (XLSX sheets, DOCX tables).

Rendered from the report's ``goals`` and ``plan`` sections only: nothing is counted here.
"""

from django.utils.translation import gettext as _

from stegvis.goals.indicators import get_indicator
from stegvis.goals.models import GoalStatus, Kind, Level, QualitativeStatus, StepStatus
from stegvis.goals.plan import when_text
from stegvis.reports.labels import label_for
from stegvis.reports.tables import Table


def indicator_label(entry):
    """What a goal is measured by: the indicator's name (with its settings), or "Kvalitativt"."""
    if entry["kind"] == Kind.QUALITATIVE:
        return _("Kvalitativt mål")
    indicator = get_indicator(entry.get("indicator"))
    if indicator is None:
        return entry.get("indicator") or ""
    settings = []
    for parameter in indicator.parameters:
        value = (entry.get("parameters") or {}).get(parameter.name)
        if value is not None:
            settings.append(str(dict(parameter.choices).get(value, value)))
    return f"{indicator.label} ({', '.join(settings)})" if settings else str(indicator.label)


def goal_tables(report):
    goals = report.get("goals")
    if goals is None:
        return []
    rows = []
    for entry in goals:
        qualitative = entry["kind"] == Kind.QUALITATIVE
        rows.append(
            [
                label_for(Level, entry["level"]),
                entry["title"],
                indicator_label(entry),
                entry.get("target"),
                entry.get("target_max"),
                entry.get("value"),
                entry.get("numerator"),
                entry.get("denominator"),
                label_for(GoalStatus, entry["status"]),
                label_for(QualitativeStatus, entry["recorded_status"]) if qualitative else "",
                entry.get("evidence") or "",
            ]
        )
    return [
        Table(
            key="goals",
            title=_("Måluppfyllelse"),
            columns=[
                _("Nivå"),
                _("Mål"),
                _("Indikator"),
                _("Målvärde (lägst)"),
                _("Målvärde (högst)"),
                _("Utfall"),
                _("Täljare"),
                _("Nämnare"),
                _("Bedömning"),
                _("Registrerad status"),
                _("Underlag"),
            ],
            rows=rows,
            percent_columns={3, 4, 5},
            note=_(
                "Beräknade mål läses ur rapportens egna tal. Under projekttiden är ett mål på god väg när utfallet "
                "ligger högst 10 procentenheter från målvärdet; från projektets slutdatum bedöms bara uppnått "
                "eller ej uppnått."
            ),
        )
    ]


def plan_tables(report):
    plan = report.get("plan")
    if plan is None:
        return []
    rows = [
        [
            step["what"],
            step["how"],
            step["who"],
            when_text(step["start"], step["end"]),
            step["start"],
            step["end"],
            label_for(StepStatus, step["status"]),
            step["note"],
        ]
        for step in plan
    ]
    return [
        Table(
            key="plan",
            title=_("Genomförandeplan"),
            columns=[
                _("Vad"),
                _("Hur"),
                _("Vem"),
                _("När"),
                _("Från"),
                _("Till"),
                _("Status"),
                _("Anteckning"),
            ],
            rows=rows,
        )
    ]
