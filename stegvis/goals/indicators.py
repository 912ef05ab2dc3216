"""Indicators: how a computed goal reads its value from the project report.

An indicator is a function ``func(report, goal) -> (value, numerator, denominator)`` over the
report dict of :func:`stegvis.reports.project_report.build_report`. It never counts on its own:
the figures are computed once, by the report, and a goal only points at one of them. ``value``
is a share 0..1, or ``None`` when the report has no basis for it yet ("underlag saknas": no exits,
nobody measured twice, a section that is not there).

Other apps add indicators with :func:`register_indicator` from their ``AppConfig.ready()``; the
goal form offers every registered indicator, with a field for each of its parameters. Registering
a code again replaces the indicator, so the app that owns a report section can take over the
indicator reading it (the surveys app will do that for ``survey_agreement``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from stegvis.core.registry import REGISTRATION, Registry
from stegvis.reports.project_report import share


@dataclass(frozen=True)
class Parameter:
    """A setting of an indicator, e.g. the language framework; a form field on the goal form."""

    name: str
    label: str
    choices: tuple = ()  # ((value, label), ...); empty means free text
    help_text: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    func: Callable
    parameters: tuple = ()
    range_target: bool = False  # the target is a range (lower and upper bound), e.g. gender balance
    description: str = ""
    # The report sections other apps add that ``func`` reads (beside the report's own figures),
    # so that a page judging goals computes only those (see :func:`sections_read`).
    reads: tuple = ()

    def parameter_values(self, goal):
        """``{name: value}`` of this indicator's parameters, read from the goal."""
        stored = goal.parameters or {}
        return {p.name: stored.get(p.name) for p in self.parameters}


# The goal form offers them in the order they were registered; a replaced code keeps its place.
_indicators: Registry[Indicator] = Registry("goal indicator", ties=REGISTRATION)


def register_indicator(code, label, func, parameters=(), *, range_target=False, description="", reads=()):
    """Offer the indicator ``code`` for computed goals (see the module docstring).

    ``reads``: the keys of the report sections other apps add that ``func`` reads.
    """
    _indicators.register(
        code, Indicator(code, label, func, tuple(parameters), range_target, description, tuple(reads))
    )


def get_indicator(code: str) -> Indicator | None:
    """The registered indicator ``code``, or ``None``."""
    return _indicators.get(code)


def indicators():
    """Every registered indicator, in the order they were registered."""
    return list(_indicators)


def sections_read(codes):
    """The report sections the indicators ``codes`` read: what a report must hold to judge them.

    An unknown code reads nothing (its goal has no indicator and shows no value anyway).
    """
    return {key for code in codes if (indicator := get_indicator(code)) for key in indicator.reads}


def all_parameters():
    """Every parameter of every indicator, once per name (the goal form has one field each)."""
    seen = {}
    for indicator in _indicators:
        for parameter in indicator.parameters:
            seen.setdefault(parameter.name, parameter)
    return list(seen.values())


NO_DATA = (None, None, None)


def _ratio(numerator, denominator, value=None):
    """``(value, numerator, denominator)``; no data when nothing was there to count."""
    if not denominator:
        return None, numerator, denominator
    return (share(numerator, denominator) if value is None else value), numerator, denominator


# --- Built-in indicators -------------------------------------------------------------------------


def work_or_studies(report, goal):
    """Exits to work or studies among all exits (``report["work_or_studies"]``)."""
    figure = report.get("work_or_studies") or {}
    total = (report.get("exits") or {}).get("total")
    return _ratio(figure.get("count"), total, figure.get("share"))


def progression_positive(report, goal):
    """Enrolments with positive progression among those measured twice or more."""
    progression = report.get("progression")
    if not progression:
        return NO_DATA
    return _ratio(progression.get("positive"), progression.get("measured"), progression.get("share_positive"))


def language_step(report, goal):
    """Persons who moved a step in SFI (or CEFR) among those with two or more levels registered."""
    framework = (goal.parameters or {}).get("framework")
    figure = (report.get("language") or {}).get(framework)
    if not figure:
        return NO_DATA
    return _ratio(figure.get("moved"), figure.get("measured"), figure.get("share"))


def work_or_studies_after_exit(report, goal):
    """Work or studies at exit or within N months after it, among the exits whose N months have passed.

    Reads ``report["after_exit"][str(N)]``: ``work_or_studies_at_exit_or_after`` (``count``,
    ``share``) over ``due`` (the follow-up after exit, docs/outcomes.md). Read defensively: a
    report without the section or the point has no data for this goal.
    """
    months = (goal.parameters or {}).get("months")
    point = (report.get("after_exit") or {}).get(str(months))
    if not isinstance(point, dict):
        return NO_DATA
    figure = point.get("work_or_studies_at_exit_or_after")
    if not isinstance(figure, dict):
        return NO_DATA
    return _ratio(figure.get("count"), point.get("due"), figure.get("share"))


def survey_agreement(report, goal):
    """Respondents agreeing with a survey statement, from ``report["surveys"]``.

    Expects ``report["surveys"]["statements"][key]`` = ``{"answered", "agreeing", "share"}``.
    Until the surveys section exists every such goal reads "underlag saknas".
    """
    key = (goal.parameters or {}).get("statement")
    statements = (report.get("surveys") or {}).get("statements") or {}
    figure = statements.get(key)
    if not isinstance(figure, dict):
        return NO_DATA
    return _ratio(figure.get("agreeing"), figure.get("answered"), figure.get("share"))


def gender_balance(report, goal):
    """Women's share of the enrolments: women / (women + men), as the 40–60 % balance rule counts it.

    ``X`` is left out of the denominator, the same as the report page's balance per referrer.
    """
    by_gender = report.get("by_gender") or {}
    women, men = by_gender.get("K", 0), by_gender.get("M", 0)
    return _ratio(women, women + men)


def register_builtin_indicators():
    register_indicator(
        "work_or_studies",
        _("Andel avslut till arbete eller studier"),
        work_or_studies,
        description=_("Avslut med orsak arbete, studier eller arbetsmarknadsutbildning, av alla avslut."),
    )
    register_indicator(
        "progression_positive",
        _("Andel med positiv stegförflyttning"),
        progression_positive,
        reads=("progression",),
        description=_("Inskrivningar med positiv förändring, av dem som mätts minst två gånger."),
    )
    register_indicator(
        "language_step",
        _("Andel som gått upp ett steg i SFI eller GERS"),
        language_step,
        reads=("language",),
        parameters=[Parameter("framework", _("Språkskala"), (("sfi", _("SFI")), ("cefr", _("GERS/CEFR"))))],
        description=_("Personer vars senaste nivå är högre än den första, av dem med minst två nivåer."),
    )
    register_indicator(
        "work_or_studies_after_exit",
        _("Andel i arbete eller studier vid avslut eller efter avslut"),
        work_or_studies_after_exit,
        reads=("after_exit",),
        parameters=[
            Parameter(
                "months",
                _("Månader efter avslut"),
                (("1", _("1 månad")), ("3", _("3 månader")), ("6", _("6 månader"))),
                help_text=_("Räknas från uppföljningen efter avslut."),
            )
        ],
        description=_("Arbete eller studier vid avslut eller inom valt antal månader efter avslut."),
    )
    register_indicator(
        "survey_agreement",
        _("Andel som instämmer i ett enkätpåstående"),
        survey_agreement,
        reads=("surveys",),
        parameters=[
            Parameter(
                "statement",
                _("Enkätpåstående (kod)"),
                help_text=_("Koden för påståendet i enkäten, t.ex. insatsen-till-hjalp."),
            )
        ],
        description=_("Svarande som instämmer, av alla som svarat på påståendet."),
    )
    register_indicator(
        "gender_balance",
        _("Könsfördelning (andel kvinnor)"),
        gender_balance,
        range_target=True,
        description=_("Kvinnor av inskrivna kvinnor och män; målet är ett intervall, t.ex. 40–60 %."),
    )
