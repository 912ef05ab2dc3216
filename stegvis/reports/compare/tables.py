"""Projects side by side: the figures of several project reports as tables with a column per project.

The comparison counts nothing: each project's report is :func:`~stegvis.reports.project_report.build_report`'s
dict (suppressed or not), and this module only lays the same keys of every report next to each other,
so a figure in the comparison is the figure on that project's report page. The page, the XLSX and
the command (``stegvis compare``) render what :func:`comparison` returns.

Each :class:`Part` is one theme (participants, gender and age, referrers, ...) with its tables and,
where a distribution is compared, a :class:`Chart` of each project's shares, because projects of
different sizes are compared by their shares, not by their counts. A hidden small number (``"<5"``)
keeps its mark in the tables and gets no share in the charts (:func:`~stegvis.reports.suppression.share_of`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stegvis.reports.counting import AGE_BANDS, EXIT_REASONS, GENDERS, REFERRERS, UNKNOWN
from stegvis.reports.exports.tables import progression_class_labels
from stegvis.reports.suppression import share_of
from stegvis.reports.tables import Table
from stegvis.reports.templatetags.report_charts import code_label
from stegvis.reports.whatworks.figures import COMBINATIONS
from stegvis.reports.whatworks.figures import KEY as WHAT_WORKS
from stegvis.reports.whatworks.tables import COMBINATION_LABELS

# The goals section's statuses (the report JSON's words; labels as on the goals page).
GOAL_STATUSES = (
    ("met", gettext_lazy("Uppnådda")),
    ("on_track", gettext_lazy("På god väg")),
    ("not_met", gettext_lazy("Ej uppnådda")),
    ("no_data", gettext_lazy("Underlag saknas")),
)
AFTER_EXIT_POINTS = ("1", "3", "6")


@dataclass
class Chart:
    """Bars grouped by category, one bar per project: the share of the project's own base.

    ``shares[c][p]`` is category ``c``'s share (0..1) for project ``p``, ``None`` when there is no
    base or a count is hidden; ``counts[c][p]`` the count it stands on (``None`` where the chart
    shows a share read from the report), shown beside the bar and in the chart's table.
    """

    key: str
    title: str
    description: str
    categories: list[str]
    series: list[str]
    shares: list[list[float | None]]
    counts: list[list[object]]


@dataclass
class Part:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _get(data, *path):
    """``data[path...]``, or ``None`` where a section or key is missing (a project without progression)."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _columns(first_column, reports):
    return [first_column, *(report["project_name"] for report in reports)]


SHARE = "share"  # the third item of a figure row whose value is a share (shown as per cent)


def _figures(key, title, reports, rows, note=""):
    """A table of figures, a row each and a column per project: ``rows`` are ``(label, path)``, or
    ``(label, path, SHARE)`` for a share."""
    body = [[row[0], *(_get(report, *row[1]) for report in reports)] for row in rows]
    shares = {i for i, row in enumerate(rows) if SHARE in row[2:]}
    return Table(key, title, _columns(_("Nyckeltal"), reports), body, percent_rows=shares, note=note)


@dataclass(frozen=True)
class _Spread:
    """A ``{code: count}`` part of the report, compared as each project's shares of ``base``.

    ``count`` is the path from a code's value to its count, for ``{code: {"enrollments": n, ...}}``;
    ``kind`` names the codes' labels (``code_label``) unless ``labels`` gives them.
    """

    title: str
    first_column: str
    path: tuple
    codes: tuple
    base: tuple
    kind: str = ""
    note: str = ""
    count: tuple = ()
    labels: dict | None = None


def _spreads():
    enrollments, exits = ("enrollments",), ("exits", "total")
    chart_note = _("Diagrammet visar andelen av projektets %(base)s.")
    return {
        "gender": _Spread(
            _("Kön"),
            _("Kön"),
            ("by_gender",),
            GENDERS,
            enrollments,
            "gender",
            _("Inskrivningar, med kön som registrerat vid start.")
            + " "
            + chart_note % {"base": _("inskrivningar")},
        ),
        "age": _Spread(
            _("Ålder vid start"), _("Åldersgrupp"), ("by_age_band",), AGE_BANDS, enrollments, "age_band"
        ),
        "referrer": _Spread(
            _("Anvisare"), _("Anvisare"), ("by_referrer",), (*REFERRERS, UNKNOWN), enrollments, "referrer"
        ),
        "exits": _Spread(
            _("Avslutsorsaker"),
            _("Avslutsorsak"),
            ("exits", "by_reason"),
            EXIT_REASONS,
            exits,
            "exit_reason",
            _("Avslut fram till rapportdatumet.") + " " + chart_note % {"base": _("avslut")},
        ),
        "progression": _Spread(
            _("Stegförflyttning bland de mätta"),
            _("Utfall"),
            ("progression",),
            tuple(key for key, _label in progression_class_labels()),
            ("progression", "measured"),
            labels=dict(progression_class_labels()),
        ),
        "interventions": _Spread(
            _("Insatser"),
            _("Kombination av insatser"),
            (WHAT_WORKS, "by_combination"),
            COMBINATIONS,
            enrollments,
            note=_("Inskrivningar efter vilka slags insatser de haft, och om de pågick samtidigt."),
            count=("enrollments",),
            labels={key: str(label) for key, label in COMBINATION_LABELS.items()},
        ),
    }


def _distribution(name, reports):
    """The spread ``name`` of each report as a table of counts and a chart of shares."""
    spread = _spreads()[name]
    key = f"compare_{name}"
    labels = [(spread.labels or {}).get(code) or code_label(spread.kind, code) for code in spread.codes]
    counts = [
        [_get(report, *spread.path, code, *spread.count) for report in reports] for code in spread.codes
    ]
    bases = [_get(report, *spread.base) for report in reports]
    table = Table(
        key,
        spread.title,
        _columns(spread.first_column, reports),
        [[label, *row] for label, row in zip(labels, counts, strict=True)],
        note=spread.note,
    )
    chart = Chart(
        key=f"chart-{key}",
        title=spread.title,
        description=_("Andel per kategori i varje projekt; antalet står inom parentes."),
        categories=labels,
        series=[report["project_name"] for report in reports],
        shares=[[share_of(c, b) for c, b in zip(row, bases, strict=True)] for row in counts],
        counts=counts,
    )
    return table, chart


def _participants(reports):
    key_figures = _figures(
        "compare_participants",
        _("Inskrivningar och deltagare"),
        reports,
        [
            (_("Inskrivningar"), ("enrollments",)),
            (_("Unika deltagare"), ("unique_persons",)),
            (_("Aktiva"), ("active",)),
        ],
        note=_("Inskrivningar räknas per inskrivning; unika deltagare per person."),
    )
    gender, age = _distribution("gender", reports), _distribution("age", reports)
    return [
        Part("participants", _("Deltagare"), [key_figures]),
        Part("gender_age", _("Kön och ålder"), [gender[0], age[0]], [gender[1], age[1]]),
    ]


def _referrers(reports):
    table, chart = _distribution("referrer", reports)
    return Part("referrers", _("Anvisare"), [table], [chart])


def _time_enrolled(reports):
    long = "enrolled_11_months_or_more"
    table = _figures(
        "compare_time",
        _("Tid i projektet"),
        reports,
        [
            (_("Dagar i projektet, medel"), ("enrollment_days", "mean")),
            (_("Dagar i projektet, median"), ("enrollment_days", "median")),
            (_("Inskrivna 11 månader eller mer"), (long, "count")),
            (_("Andel inskrivna 11 månader eller mer"), (long, "share"), SHARE),
        ],
        note=_("Från startdatum till slutdatum, eller till rapportdatumet för den som är aktiv."),
    )
    return Part("time", _("Tid i projektet"), [table])


def _exits(reports):
    share_label = _("Andel till arbete eller studier")
    work = _figures(
        "compare_work_or_studies",
        _("Arbete eller studier"),
        reports,
        [
            (_("Avslut"), ("exits", "total")),
            (_("Till arbete eller studier"), ("work_or_studies", "count")),
            (share_label, ("work_or_studies", "share"), SHARE),
        ],
        note=_("Avslut med orsak arbete, studier eller arbetsmarknadsutbildning, av alla avslut."),
    )
    reasons = _distribution("exits", reports)
    work_chart = Chart(
        key="chart-compare-work-or-studies",
        title=share_label,
        description=_("Andel av avsluten som gick till arbete eller studier, per projekt."),
        categories=[share_label],
        series=[report["project_name"] for report in reports],
        shares=[[_get(report, "work_or_studies", "share") for report in reports]],
        counts=[[_get(report, "work_or_studies", "count") for report in reports]],
    )
    return Part("exits", _("Avslut"), [work, reasons[0]], [work_chart, reasons[1]])


def _after_exit(reports):
    if not any(report.get("after_exit") for report in reports):
        return None
    rows = []
    for point in AFTER_EXIT_POINTS:
        months = {"n": point}
        reached = ("after_exit", point, "work_or_studies_at_exit_or_after")
        rows += [
            (_("Avslut att följa upp, %(n)s mån") % months, ("after_exit", point, "due")),
            (_("Uppföljda, %(n)s mån") % months, ("after_exit", point, "followed_up")),
            (
                _("Arbete eller studier vid uppföljning, %(n)s mån") % months,
                ("after_exit", point, "work_or_studies", "count"),
            ),
            (_("Arbete eller studier vid eller efter avslut, %(n)s mån") % months, (*reached, "count")),
            (
                _("Andel arbete eller studier vid eller efter avslut, %(n)s mån") % months,
                (*reached, "share"),
                SHARE,
            ),
        ]
    table = _figures(
        "compare_after_exit",
        _("Efter avslut"),
        reports,
        rows,
        note=_(
            "Arbete eller studier vid eller efter avslut: avslut till arbete eller studier, plus de som var i "
            "arbete eller studier vid någon uppföljning fram till tillfället; andelen är av avsluten att följa upp."
        ),
    )
    path = ("work_or_studies_at_exit_or_after",)
    chart = Chart(
        key="chart-compare-after-exit",
        title=_("Arbete eller studier vid eller efter avslut"),
        description=_("Andel av avsluten att följa upp, 1, 3 och 6 månader efter avslut, per projekt."),
        categories=[
            ngettext("%(n)s månad efter avslut", "%(n)s månader efter avslut", int(point)) % {"n": point}
            for point in AFTER_EXIT_POINTS
        ],
        series=[report["project_name"] for report in reports],
        shares=[[_get(r, "after_exit", p, *path, "share") for r in reports] for p in AFTER_EXIT_POINTS],
        counts=[[_get(r, "after_exit", p, *path, "count") for r in reports] for p in AFTER_EXIT_POINTS],
    )
    return Part("after_exit", _("Efter avslut"), [table], [chart])


def _progression(reports):
    if not any(report.get("progression") for report in reports):
        return None
    classes = progression_class_labels()
    table = _figures(
        "compare_progression",
        _("Stegförflyttning"),
        reports,
        [
            (_("Mätta (två eller fler mätningar)"), ("progression", "measured")),
            *((label, ("progression", key)) for key, label in classes),
            (_("Andel positiv förändring"), ("progression", "share_positive"), SHARE),
            (_("Medelförändring"), ("progression", "mean_change")),
        ],
        note=_("Första mot senaste mätningen i inskrivningen, med varje projekts eget instrument och gräns."),
    )
    chart = _distribution("progression", reports)[1]
    return Part("progression", _("Stegförflyttning"), [table], [chart])


def _interventions(reports):
    if not any(report.get(WHAT_WORKS) for report in reports):
        return None
    table, chart = _distribution("interventions", reports)
    every = (WHAT_WORKS, "placements", "alla")
    placements = _figures(
        "compare_placements",
        _("Praktik"),
        reports,
        [
            (_("Praktikplatser"), (*every, "total")),
            (_("Avslutade praktikplatser"), (*every, "finished")),
            (_("Anställning efter praktik"), (*every, "employed")),
            (_("Andel av avslutade"), (*every, "employed_share"), SHARE),
        ],
    )
    return Part("interventions", _("Insatser"), [table, placements], [chart])


def _goal_counts(report):
    """``[goals, met, on track, not met, no data]`` of the report's goals, or ``None`` without the section."""
    goals = report.get("goals")
    if goals is None:
        return [None] * (len(GOAL_STATUSES) + 1)
    return [len(goals), *(sum(1 for goal in goals if goal.get("status") == s) for s, _label in GOAL_STATUSES)]


def _goals(reports):
    if not any(report.get("goals") for report in reports):
        return None
    labels = [_("Mål"), *(str(label) for _status, label in GOAL_STATUSES)]
    columns = list(zip(*(_goal_counts(report) for report in reports), strict=True))
    table = Table(
        "compare_goals",
        _("Mål"),
        _columns(_("Mål"), reports),
        [[label, *values] for label, values in zip(labels, columns, strict=True)],
        note=_("Projektens egna mål, bedömda på rapportens siffror. Målen skiljer sig mellan projekten."),
    )
    return Part("goals", _("Mål"), [table])


def comparison(reports):
    """The comparison of ``reports`` (in their order) as :class:`Part` objects, in the page's order."""
    parts = [
        *_participants(reports),
        _referrers(reports),
        _time_enrolled(reports),
        _exits(reports),
        _after_exit(reports),
        _progression(reports),
        _interventions(reports),
        _goals(reports),
    ]
    return [part for part in parts if part is not None]
