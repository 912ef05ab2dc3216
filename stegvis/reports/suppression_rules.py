"""Which keys of the report are counts, shares or neither, and which figures add up to which.

The declaration :mod:`stegvis.reports.suppression` applies; docs/reports.md ("Små tal") explains
each choice. Patterns are dotted keys: ``*`` is any key (in a :class:`Sum`, the summed one),
``a|b`` one of these keys, ``{name}`` any key bound across the patterns of one relation. The first
pattern that matches a value decides what it is; an integer no pattern matches is a count.
"""

import dataclasses

COUNT = "count"
KEEP = "keep"


@dataclasses.dataclass(frozen=True)
class Share:
    """A share or mean: hidden when ``base`` is below N or hidden, or ``part`` is hidden.

    ``base`` and ``part`` are paths: absolute (``"exits.total"``) or relative to the value's own
    dict with leading dots (``".measured"`` a sibling, ``"..exits"`` a sibling of the parent). A
    tuple of paths as ``base`` is their sum (the women's share of women and men).
    """

    pattern: str
    base: str | tuple[str, ...]
    part: str | None = None


@dataclasses.dataclass(frozen=True)
class Sum:
    """The ``cells`` add up to ``total``.

    ``cells`` are patterns in which ``*`` (any key) or ``a|b`` (one of these keys) is the summed
    dimension and ``{name}`` a key shared with ``total``: every binding of the names is one sum.
    """

    total: str
    cells: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Same:
    """Two places publish the same figure: hiding one hides the other."""

    first: str
    second: str


@dataclasses.dataclass(frozen=True)
class Echo:
    """Values that repeat a figure published elsewhere without saying which (a goal's numerator):
    hidden when a hidden count has the same value."""

    pattern: str


@dataclasses.dataclass(frozen=True)
class Follows:
    """A value that tells something about a figure (a goal's status says whether its value reached
    the target): replaced by ``hidden`` when that figure, ``source`` (a path as in :class:`Share`),
    is hidden or nulled."""

    pattern: str
    source: str
    hidden: str


@dataclasses.dataclass(frozen=True)
class Running:
    """A list of periods where ``level`` = previous ``level`` + ``inflow`` − ``outflow``."""

    items: str
    inflow: str
    outflow: str
    level: str


def segments(pattern: str) -> tuple[str, ...]:
    """A dotted pattern or path as its keys."""
    return tuple(pattern.split(".")) if pattern else ()


GENDER = "K|M|X"
# what_works groups every enrolment by each of these.
WHAT_WORKS = "by_combination|by_coordinator_changes|by_contact_frequency"
# what_works counts the placements by workplace type, by employer and by the employer's industry.
# A placement row (total, per outcome, finished, employed) in each grouping; employers are nested by industry.
PLACEMENT_ROWS = (
    "what_works.placements.{p}",
    "what_works.placements_by_industry.{p}",
    "what_works.placements_by_employer.{i}.{p}",
)


def _shares(*shares: Share):
    return [(segments(s.pattern), s) for s in shares]


def _of(kind, *patterns: str):
    return [(segments(p), kind) for p in patterns]


KINDS = [
    # Neither counts nor shares: settings, identifiers, scales, days, targets.
    *_of(
        KEEP,
        "progression.threshold",
        "progression.by_item.*.scale_min|scale_max",
        "what_works.progression_threshold",
        "what_works.contacts_per_month_bands.*",
        "self_referrals.reached_within_days.days",
        "goals.*.id|order|target|target_max",
        "goals.*.parameters.*",
        "plan.*.id|order",
    ),
    *_shares(
        Share("work_or_studies.share", "exits.total", ".count"),
        Share("enrollment_days.mean|median", "enrollments"),
        Share("enrolled_11_months_or_more.share", "enrollments", ".count"),
        Share("coordinators.changed_share", "enrollments", ".changed"),
        Share("gender_balance_by_referrer.*.women_share|balanced", (".K", ".M"), ".K"),
        Share("breakdowns.*.*.work_or_studies_share", ".exits", ".work_or_studies"),
        Share("progression.share_positive", "progression.measured", ".positive"),
        Share("progression.share_negative", "progression.measured", ".negative"),
        Share("progression.share_unchanged", "progression.measured", ".unchanged"),
        Share("progression.mean_change", ".measured"),
        Share("progression.by_gender_and_age_band.*.*.mean_change", ".measured"),
        Share("progression.by_gender.*.mean_change", ".measured"),
        Share("progression.by_item.*.mean_first|mean_latest|mean_change", ".answered"),
        Share("language.*.share", ".measured", ".moved"),
        Share("after_exit.*.followed_up_share", ".due", ".followed_up"),
        Share("after_exit.*.work_or_studies.share", "..followed_up", ".count"),
        Share("after_exit.*.work_or_studies_at_exit_or_after.share", "..due", ".count"),
        Share("after_exit.*.work_or_studies_at_exit_or_after.by_gender.*.share", ".due", ".count"),
        Share("consent.*.active_share", "consent.enrollments", ".active"),
        Share("surveys.response_rate", "surveys.invited", ".answered"),
        Share("surveys.statements.*.share", ".answered", ".agreeing"),
        Share("course_evaluations.*.response_rate", ".invited", ".answered"),
        Share("course_evaluations.*.statements.*.share", ".answered", ".agreeing"),
        Share("course_evaluations.*.occasions.*.response_rate", ".invited", ".answered"),
        Share("course_evaluations.*.occasions.*.statements.*.share", ".answered", ".agreeing"),
        Share("amif.support_helped.*.share", ".answered", ".agreeing"),
        Share("what_works.*.*.work_or_studies.share", "..exits", ".count"),
        Share("what_works.*.*.positive.share", "..measured", ".count"),
        Share("what_works.placements|placements_by_industry.*.employed_share", ".finished", ".employed"),
        Share("what_works.placements_by_employer.*.*.employed_share", ".finished", ".employed"),
        Share("goals.*.value", ".denominator", ".numerator"),
        Share("self_referrals.converted.share", "self_referrals.received", ".count"),
        Share("self_referrals.reached.share", "self_referrals.received", ".count"),
        Share("self_referrals.reached_within_days.share", "self_referrals.received", ".count"),
    ),
]

RELATIONS = [
    # The report's own breakdowns of the enrolments (and of the persons).
    Sum("enrollments", ("by_gender.*",)),
    Sum("unique_persons", ("by_gender_persons.*",)),
    Sum("enrollments", ("by_age_band.*",)),
    Sum("enrollments", ("by_referrer.*",)),
    Sum("by_referrer.{r}", ("by_referrer_and_gender.{r}.*",)),
    Sum("by_gender.{g}", ("by_referrer_and_gender.*.{g}",)),
    Sum("enrollments", ("by_intake_channel.*",)),
    Sum("enrollments", ("by_organization.*",)),
    Sum("enrollments", ("by_need_group.*",)),
    Sum("enrollments", ("active", "exits.total")),
    Sum("exits.total", ("exits.by_reason.*",)),
    Sum("exits.by_reason.{r}", ("exits.by_reason_and_gender.{r}.*",)),
    Sum("esf.exit.exits.{g}", ("exits.by_reason_and_gender.*.{g}",)),
    Sum("work_or_studies.count", ("exits.by_reason.arbete|studier|arbetsmarknadsutbildning",)),
    Sum("exits.total", ("exits.by_next_actor.*",)),
    Same("gender_balance_by_referrer.{r}.{g}", "by_referrer_and_gender.{r}.{g}"),
    Same("gender_balance_by_referrer.total.{g}", "by_gender.{g}"),
    # Coordinators: active enrolments per coordinator, and changes of coordinator.
    Sum("active", ("coordinators.caseload.*.active", "coordinators.without_coordinator")),
    Sum("enrollments", ("coordinators.changes.*",)),
    Sum("coordinators.changed", ("coordinators.changes.1|2+",)),
    # Month by month: new per gender, and the running number active.
    Sum("monthly.{m}.new", ("monthly.{m}.new_K|new_M|new_X",)),
    Running("monthly", "new", "exited", "active_at_end"),
    # Breakdowns by organisation and home municipality (the spec's GROUP): each group, and the
    # groups against the project's totals.
    Sum("breakdowns.{d}.{c}.enrollments", ("breakdowns.{d}.{c}.by_gender.*",)),
    Sum("breakdowns.{d}.{c}.enrollments", ("breakdowns.{d}.{c}.by_age_band.*",)),
    Sum("enrollments", ("breakdowns.{d}.*.enrollments",)),
    Sum("by_gender.{g}", ("breakdowns.{d}.*.by_gender.{g}",)),
    Sum("by_age_band.{a}", ("breakdowns.{d}.*.by_age_band.{a}",)),
    Sum("exits.total", ("breakdowns.{d}.*.exits",)),
    Sum("work_or_studies.count", ("breakdowns.{d}.*.work_or_studies",)),
    # Progression: outcomes add up to the measured, per gender and age band and overall.
    Sum("progression.measured", ("progression.positive|negative|unchanged",)),
    Sum("progression.by_gender.{g}.measured", ("progression.by_gender.{g}.positive|negative|unchanged",)),
    Sum(
        "progression.by_gender_and_age_band.{g}.{a}.measured",
        ("progression.by_gender_and_age_band.{g}.{a}.positive|negative|unchanged",),
    ),
    Sum("progression.by_gender.{g}.{k}", ("progression.by_gender_and_age_band.{g}.*.{k}",)),
    Sum("progression.{k}", ("progression.by_gender.*.{k}",)),
    # ESF+ indicators: per gender to the total; labour-market status and education to the participants.
    Sum("esf.{p}.{i}.total", (f"esf.{{p}}.{{i}}.{GENDER}",)),
    Sum("esf.entry.participants.{g}", ("esf.entry.unemployed|inactive|employed|status_unknown.{g}",)),
    Sum("esf.entry.participants.{g}", ("esf.entry.isced_0_2|isced_3_4|isced_5_8|education_unknown.{g}",)),
    Same("esf.entry.participants.{g}", "by_gender.{g}"),
    Same("esf.entry.participants.total", "enrollments"),
    Same("esf.entry.unique_persons.{g}", "by_gender_persons.{g}"),
    Same("esf.entry.unique_persons.total", "unique_persons"),
    Same("esf.exit.exits.total", "exits.total"),
    # Outcomes after exit, per follow-up month.
    Sum("after_exit.{m}.followed_up", ("after_exit.{m}.by_situation.*",)),
    Sum("after_exit.{m}.work_or_studies.count", ("after_exit.{m}.by_situation.arbete|studier",)),
    Sum("after_exit.{m}.followed_up", ("after_exit.{m}.by_gender.*.followed_up",)),
    Sum("after_exit.{m}.work_or_studies.count", ("after_exit.{m}.by_gender.*.work_or_studies",)),
    Sum(
        "after_exit.{m}.work_or_studies_at_exit_or_after.count",
        ("after_exit.{m}.work_or_studies_at_exit_or_after.at_exit|after_exit",),
    ),
    Sum("after_exit.{m}.due", ("after_exit.{m}.work_or_studies_at_exit_or_after.by_gender.*.due",)),
    Sum(
        "after_exit.{m}.work_or_studies_at_exit_or_after.count",
        ("after_exit.{m}.work_or_studies_at_exit_or_after.by_gender.*.count",),
    ),
    # Consent: every enrolment has a consent of each kind active, withdrawn or missing.
    Same("consent.enrollments", "enrollments"),
    Sum("consent.enrollments", ("consent.{k}.active|withdrawn|missing",)),
    # Surveys.
    Sum("surveys.responses", ("surveys.responses_by_mode.*",)),
    Sum("surveys.statements.{s}.answered", ("surveys.statements.{s}.distribution.*",)),
    # Course evaluations: a course's figures are the sums of its occasions'.
    Sum("course_evaluations.{c}.invited", ("course_evaluations.{c}.occasions.*.invited",)),
    Sum("course_evaluations.{c}.answered", ("course_evaluations.{c}.occasions.*.answered",)),
    Sum(
        "course_evaluations.{c}.statements.{s}.{f}",
        ("course_evaluations.{c}.occasions.*.statements.{s}.{f}",),
    ),
    Sum(
        "course_evaluations.{c}.statements.{s}.distribution.{v}",
        ("course_evaluations.{c}.occasions.*.statements.{s}.distribution.{v}",),
    ),
    Sum(
        "course_evaluations.{c}.statements.{s}.answered",
        ("course_evaluations.{c}.statements.{s}.distribution.*",),
    ),
    Sum(
        "course_evaluations.{c}.occasions.{o}.statements.{s}.answered",
        ("course_evaluations.{c}.occasions.{o}.statements.{s}.distribution.*",),
    ),
    # AMIF: per gender to the total.
    Sum("amif.participants.{a}.total", (f"amif.participants.{{a}}.{GENDER}",)),
    Sum("amif.support_helped.total.{f}", (f"amif.support_helped.{GENDER}.{{f}}",)),
    # What works: each grouping covers every enrolment of the report.
    Sum("enrollments", (f"what_works.{WHAT_WORKS}.*.enrollments",)),
    Sum("exits.total", (f"what_works.{WHAT_WORKS}.*.exits",)),
    Sum("work_or_studies.count", (f"what_works.{WHAT_WORKS}.*.work_or_studies.count",)),
    Sum("progression.measured", (f"what_works.{WHAT_WORKS}.*.measured",)),
    Sum("progression.positive", (f"what_works.{WHAT_WORKS}.*.positive.count",)),
    Same("what_works.by_coordinator_changes.{c}.enrollments", "coordinators.changes.{c}"),
    *(
        relation
        for row in PLACEMENT_ROWS
        for relation in (
            Sum(f"{row}.total", (f"{row}.pagar|anstallning_har|annan_anstallning|ingen_anstallning",)),
            Sum(f"{row}.total", (f"{row}.pagar|finished",)),
            Sum(f"{row}.employed", (f"{row}.anstallning_har|annan_anstallning",)),
        )
    ),
    # Every grouping covers every placement: its groups add up to all placements; the employers
    # (nested by industry) add up to their industry too.
    Sum("what_works.placements.alla.{f}", ("what_works.placements.*.{f}",)),
    Sum("what_works.placements.alla.{f}", ("what_works.placements_by_industry.*.{f}",)),
    Sum("what_works.placements.alla.{f}", ("what_works.placements_by_employer.*.*.{f}",)),
    Sum("what_works.placements_by_industry.{i}.{f}", ("what_works.placements_by_employer.{i}.*.{f}",)),
    # Self-referrals.
    Sum("self_referrals.received", ("self_referrals.by_outcome.*",)),
    Sum("self_referrals.received", ("self_referrals.by_age_group.*",)),
    Same("self_referrals.converted.count", "self_referrals.by_outcome.enrolled"),
    Same("self_referrals.open", "self_referrals.by_outcome.open"),
    # A goal's numerator and denominator are figures of the report (the indicator names which).
    Echo("goals.*.numerator|denominator"),
    # A goal's status would tell on its hidden value (met: at least the target).
    Follows("goals.*.status", ".value", "hidden"),
    # An exit's project reason and its outcomes often repeat its standard reason's count (one
    # project reason per standard reason; an exit with no other outcome).
    Echo("exits.by_project_reason.*"),
    Echo("exits.by_outcome.*"),
]


@dataclasses.dataclass(frozen=True)
class Rules:
    kinds: list
    relations: list


RULES = Rules(kinds=KINDS, relations=RELATIONS)
