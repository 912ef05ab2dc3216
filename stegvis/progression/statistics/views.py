"""The project's progression statistics page: aggregates only, so evaluators may open it.

Every figure comes from :func:`stegvis.progression.statistics.rule.compute_progression`, the same
function that fills the report's ``progression`` section, over the same enrolments the report
would count (:func:`stegvis.reports.project_report.scoped_enrollments`) narrowed by the filters.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.core.access import REPORT, Rule, access_rule, get_restricted_or_404
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring.schedule import missed_count
from stegvis.progression.models import Respondent
from stegvis.progression.statistics.forms import StatisticsForm
from stegvis.progression.statistics.rule import compute_progression
from stegvis.reports.project_report import AGE_BANDS, GENDERS, scoped_enrollments
from stegvis.reports.shown_report import suppression_for
from stegvis.reports.suppression import suppress


def statistics_for(
    project, *, on, date_from=None, date_to=None, filters=None, respondent=Respondent.PARTICIPANT
):
    """The page's figures: the progression section and the number of missed due measurements."""
    base = Enrollment.objects.filter(project=project, **(filters or {}))
    scope = scoped_enrollments(on, date_from, date_to, queryset=base)
    stats = compute_progression(project, scope, on, respondent=respondent)
    stats["missed"] = missed_count(scope, on)
    stats["enrollments"] = scope.count()
    return stats


def _table(stats):
    """Lines of the gender × age band table: the bands with measured enrolments, then the gender's total."""
    lines = []
    for gender in GENDERS:
        total = stats["by_gender"][gender]
        if not total["measured"]:
            continue
        bands = [(band, stats["by_gender_and_age_band"][gender][band]) for band in AGE_BANDS]
        shown = [(band, cell) for band, cell in bands if cell["measured"]] + [("", total)]
        for i, (band, cell) in enumerate(shown):
            lines.append({"gender": gender, "band": band, "cell": cell, "first": i == 0, "span": len(shown)})
    return lines


def _group_radar(stats):
    """Axes and two series (mean first, mean latest) for the group spider chart."""
    by_item = stats["by_item"]
    axes = [
        {"code": code, "label": item["dimension"], "min": item["scale_min"], "max": item["scale_max"]}
        for code, item in by_item.items()
    ]
    return axes, [
        {
            "label": _("Medel vid första mätningen"),
            "values": {c: i["mean_first"] for c, i in by_item.items()},
        },
        {
            "label": _("Medel vid senaste mätningen"),
            "values": {c: i["mean_latest"] for c, i in by_item.items()},
        },
    ]


@access_rule(Rule.STAFF)
def project_statistics(request, code):
    """Measured, positive, negative and unchanged with shares; by gender × age band; per item."""
    project = get_restricted_or_404(Project.objects.select_related("owner"), request.user, REPORT, code=code)
    form = StatisticsForm(project, request.GET if request.GET else None)
    stats = None
    on = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        on = data.get("on") or timezone.localdate()
        stats = statistics_for(
            project,
            on=on,
            date_from=data.get("from"),
            date_to=data.get("to"),
            filters=form.enrollment_filters() if form.is_bound else {},
            respondent=data.get("respondent") or Respondent.PARTICIPANT,
        )
    suppression = suppression_for(request, project)
    if stats is not None and suppression.applied:
        # The page's own figures (over its filters and respondent), suppressed by the report's rules
        # for the progression section: the counts it adds (missed, enrolments) are counts too.
        stats = suppress({"progression": stats}, suppression.min_cell)["progression"]
    context = {"project": project, "form": form, "stats": stats, "on": on, "suppression": suppression}
    if stats is not None:
        context["table"] = _table(stats)
        axes, series = _group_radar(stats)
        context["radar_axes"] = axes
        context["radar_series"] = series
        context["respondent_label"] = Respondent(stats["respondent"]).label
    return render(request, "progression/statistics/project_statistics.html", context)
