"""The report's ``after_exit`` section: what became of the people who left, 1, 3 and 6 months on.

Outcomes at exit (the exit reason) and after exit (the follow-ups) are reported side by side, so a
job found a month after exit is counted instead of lost. Definitions (docs/outcomes.md):

- ``due``: exits in scope whose point (exit date + N months) is on or before the report date.
- ``followed_up``: of those, the ones with a follow-up at that point dated on or before the
  report date; ``by_situation`` splits them by every :class:`Situation` code.
- ``work_or_studies``: followed up and in work or studies; ``share`` of ``followed_up``.
- ``work_or_studies_at_exit_or_after``: of the ``due`` exits, those that left to work or studies
  (``at_exit``) plus those that did not but were in work or studies at any follow-up up to N
  months (``after_exit``); ``share`` of ``due``; also by gender.

Two queries whatever the number of enrolments: one aggregate over the enrolments with conditional
counts, one ``GROUP BY`` over the follow-ups.
"""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from stegvis.outcomes.models import WORK_OR_STUDIES_AFTER, ExitFollowUp, FollowUpPoint, Situation
from stegvis.outcomes.schedule import POINTS, point_passed_q
from stegvis.participants.models import WORK_OR_STUDIES
from stegvis.reports.project_report import GENDERS, share
from stegvis.reports.tables import Table

SITUATIONS = tuple(Situation.values)


def _reached_work_or_studies(on, months):
    """An exit to work or studies, or a follow-up up to ``months`` (dated by ``on``) in work or studies."""
    later = ExitFollowUp.objects.filter(
        enrollment_id=OuterRef("pk"),
        months__lte=months,
        followed_up_on__lte=on,
        situation__in=WORK_OR_STUDIES_AFTER,
    )
    return Q(exit_reason__in=WORK_OR_STUDIES) | Q(Exists(later))


def after_exit(project, scope, on):
    """The ``after_exit`` section for the enrolments in ``scope`` as of ``on``."""
    aggregates = {}
    for n in POINTS:
        due = point_passed_q(on, n)
        reached = _reached_work_or_studies(on, n)
        aggregates[f"due_{n}"] = Count("pk", filter=due)
        aggregates[f"at_exit_{n}"] = Count("pk", filter=due & Q(exit_reason__in=WORK_OR_STUDIES))
        aggregates[f"reached_{n}"] = Count("pk", filter=due & reached)
        for g in GENDERS:
            aggregates[f"due_{n}_{g}"] = Count("pk", filter=due & Q(gender=g))
            aggregates[f"reached_{n}_{g}"] = Count("pk", filter=due & reached & Q(gender=g))
    row = scope.aggregate(**aggregates)

    done = Q()
    for n in POINTS:
        done |= Q(months=n) & point_passed_q(on, n, prefix="enrollment__")
    counts = {}
    grouped = (
        ExitFollowUp.objects.filter(enrollment__in=scope.values("pk"), followed_up_on__lte=on)
        .filter(done)
        .order_by()
        .values_list("months", "situation", "enrollment__gender")
        .annotate(n=Count("pk"))
    )
    for months, situation, gender, n in grouped:
        counts[(months, situation, gender)] = n

    section = {}
    for n in POINTS:
        by_situation = {s: sum(counts.get((n, s, g), 0) for g in GENDERS) for s in SITUATIONS}
        followed_up = sum(by_situation.values())
        in_work_or_studies = sum(by_situation[s] for s in WORK_OR_STUDIES_AFTER)
        due, reached, at_exit = row[f"due_{n}"], row[f"reached_{n}"], row[f"at_exit_{n}"]
        section[str(n)] = {
            "due": due,
            "followed_up": followed_up,
            "followed_up_share": share(followed_up, due),
            "by_situation": by_situation,
            "work_or_studies": {"count": in_work_or_studies, "share": share(in_work_or_studies, followed_up)},
            "work_or_studies_at_exit_or_after": {
                "count": reached,
                "share": share(reached, due),
                "at_exit": at_exit,
                "after_exit": reached - at_exit,
                "by_gender": {
                    g: {
                        "due": row[f"due_{n}_{g}"],
                        "count": row[f"reached_{n}_{g}"],
                        "share": share(row[f"reached_{n}_{g}"], row[f"due_{n}_{g}"]),
                    }
                    for g in GENDERS
                },
            },
            "by_gender": {
                g: {
                    "followed_up": sum(counts.get((n, s, g), 0) for s in SITUATIONS),
                    "work_or_studies": sum(counts.get((n, s, g), 0) for s in WORK_OR_STUDIES_AFTER),
                }
                for g in GENDERS
            },
        }
    return section


def after_exit_tables(report):
    """The section as export tables: the overview per point, and situations per point."""
    section = report.get("after_exit")
    if not section:
        return []
    labels = dict(FollowUpPoint.choices)
    overview = Table(
        key="after_exit",
        title=_("Uppföljning efter avslut"),
        columns=[
            _("Tillfälle"),
            _("Avslut att följa upp"),
            _("Uppföljda"),
            _("Andel uppföljda"),
            _("Arbete eller studier"),
            _("Andel av uppföljda"),
            _("Arbete eller studier vid avslut"),
            _("Arbete eller studier först efter avslut"),
            _("Arbete eller studier vid avslut eller efter"),
            _("Andel av avslut"),
        ],
        rows=[
            [
                str(labels[n]),
                p["due"],
                p["followed_up"],
                p["followed_up_share"],
                p["work_or_studies"]["count"],
                p["work_or_studies"]["share"],
                p["work_or_studies_at_exit_or_after"]["at_exit"],
                p["work_or_studies_at_exit_or_after"]["after_exit"],
                p["work_or_studies_at_exit_or_after"]["count"],
                p["work_or_studies_at_exit_or_after"]["share"],
            ]
            for n, p in ((n, section[str(n)]) for n in POINTS)
        ],
        percent_columns={3, 5, 9},
        note=_(
            "Avslut att följa upp: avslut vars uppföljningsdatum (avslutsdatum plus 1, 3 eller 6 månader) "
            "har passerat på rapportdagen. Arbete eller studier vid avslut eller efter: avslut till arbete, "
            "studier eller arbetsmarknadsutbildning, plus de som var i arbete eller studier vid någon "
            "uppföljning fram till tillfället."
        ),
    )
    situation_labels = dict(Situation.choices)
    situations = Table(
        key="after_exit_situation",
        title=_("Situation vid uppföljning efter avslut"),
        columns=[_("Situation")] + [str(labels[n]) for n in POINTS],
        rows=[
            [str(situation_labels[s])] + [section[str(n)]["by_situation"][s] for n in POINTS]
            for s in SITUATIONS
        ],
    )
    gender_names = {"K": _("Kvinnor"), "M": _("Män"), "X": _("Annat/ej angivet")}
    by_gender = Table(
        key="after_exit_gender",
        title=_("Arbete eller studier vid avslut eller efter, per kön"),
        columns=[_("Kön")]
        + [
            heading
            for n in POINTS
            for heading in (
                _("Avslut, %(point)s") % {"point": labels[n]},
                _("Arbete eller studier, %(point)s") % {"point": labels[n]},
                _("Andel, %(point)s") % {"point": labels[n]},
            )
        ],
        rows=[
            [str(gender_names[g])]
            + [
                value
                for n in POINTS
                for value in (
                    section[str(n)]["work_or_studies_at_exit_or_after"]["by_gender"][g]["due"],
                    section[str(n)]["work_or_studies_at_exit_or_after"]["by_gender"][g]["count"],
                    section[str(n)]["work_or_studies_at_exit_or_after"]["by_gender"][g]["share"],
                )
            ]
            for g in GENDERS
        ],
        percent_columns={3, 6, 9},
    )
    return [overview, situations, by_gender]
