"""The report's ``self_referrals`` section: how many asked to be called back, and what became of them.

Which requests count for a project (each request counts for at most one project, so projects
can be added up without counting a request twice):

- a request converted into an enrolment counts for the enrolment's project (and, with an
  organisation chosen, for the enrolling organisation);
- a request not converted counts for the project its page is tied to (and for the page's
  organisation). Requests from an organisation's general page (no project) that were never
  converted belong to no project.

The window is the date the request was sent (``from`` .. ``to``, never after the report date);
without a period, every request sent up to the report date. What became of a request is taken
as it stood on the report date: a request closed after it is still open there.

Requests not converted are deleted when the organisation's retention period has passed, so for
windows older than that only converted requests are left to count (docs/intake.md).

One query, whatever the number of requests: conditional counts over the requests in scope.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from stegvis.intake.models import AgeGroup, CallbackAttempt, CallbackResult, IntakeRequest, Outcome
from stegvis.reports.project_report import share
from stegvis.reports.tables import Table

# "Reached quickly": a call-back that reached the person within this many days of the request.
REACHED_WITHIN_DAYS = 3
OPEN = "open"


def requests_for(project, organization_code=None):
    """The requests that count for ``project`` (see the module docstring)."""
    converted = Q(enrollment__isnull=False)
    q = (converted & Q(enrollment__project=project)) | (~converted & Q(page__project=project))
    if organization_code:
        q &= (converted & Q(enrollment__organization__code=organization_code)) | (
            ~converted & Q(page__organization__code=organization_code)
        )
    return IntakeRequest.objects.filter(q)


def _window(report):
    on = datetime.date.fromisoformat(report["on"])
    date_from = datetime.date.fromisoformat(report["from"]) if report.get("from") else None
    date_to = datetime.date.fromisoformat(report["to"]) if report.get("to") else on
    return on, date_from, min(date_to, on)


def self_referrals(project, report, scope):
    """The section for ``project`` in the report's window, as it stood on the report date.

    Requests are not enrolments: of the report's filters only ``organization`` applies to them
    (as the report's own organisation does). Under any other filter (referrer, coordinator...)
    a request has no value to match, so the section is ``None`` rather than a count of all.
    """
    filters = report.get("filters") or {}
    if set(filters) - {"organization"}:
        return None
    on, date_from, date_to = _window(report)
    organization = report.get("organization") or filters.get("organization")
    requests = requests_for(project, organization).filter(submitted_at__date__lte=date_to)
    if date_from is not None:
        requests = requests.filter(submitted_at__date__gte=date_from)
    closed = Q(closed_at__date__lte=on)
    attempts = CallbackAttempt.objects.filter(request_id=OuterRef("pk"), attempted_at__date__lte=on)
    reached = attempts.filter(result=CallbackResult.REACHED)
    reached_soon = reached.filter(
        attempted_at__lte=OuterRef("submitted_at") + datetime.timedelta(days=REACHED_WITHIN_DAYS)
    )
    aggregates = {
        "received": Count("pk"),
        "open": Count("pk", filter=~closed | Q(closed_at__isnull=True)),
        "converted": Count("pk", filter=closed & Q(enrollment__isnull=False)),
        "contacted": Count("pk", filter=Q(Exists(attempts))),
        "reached": Count("pk", filter=Q(Exists(reached))),
        "reached_soon": Count("pk", filter=Q(Exists(reached_soon))),
        "on_behalf": Count("pk", filter=Q(on_behalf=True)),
    }
    for outcome in Outcome.values:
        aggregates[f"outcome_{outcome}"] = Count("pk", filter=closed & Q(outcome=outcome))
    for group in AgeGroup.values:
        aggregates[f"age_{group}"] = Count("pk", filter=Q(age_group=group))
    row = requests.aggregate(**aggregates)
    received = row["received"]
    by_outcome = {outcome: row[f"outcome_{outcome}"] for outcome in Outcome.values}
    by_outcome[OPEN] = row["open"]
    return {
        "received": received,
        "by_outcome": by_outcome,
        "converted": {"count": row["converted"], "share": share(row["converted"], received)},
        "open": row["open"],
        "contacted": row["contacted"],
        "reached": {"count": row["reached"], "share": share(row["reached"], received)},
        "reached_within_days": {
            "days": REACHED_WITHIN_DAYS,
            "count": row["reached_soon"],
            "share": share(row["reached_soon"], received),
        },
        "on_behalf": row["on_behalf"],
        "by_age_group": {group: row[f"age_{group}"] for group in AgeGroup.values},
    }


def self_referral_tables(report):
    """The section as tables: what became of the requests, and the age groups that wrote."""
    section = report.get("self_referrals")
    if not section:
        return []
    received = section["received"]
    labels = dict(Outcome.choices)
    days = section["reached_within_days"]["days"]
    rows = [[_("Mottagna egenremisser"), received, None]]
    rows += [
        [
            _("Utfall: %(outcome)s") % {"outcome": labels[o]},
            section["by_outcome"][o],
            share(section["by_outcome"][o], received),
        ]
        for o in Outcome.values
    ]
    rows += [
        [_("Fortfarande öppna"), section["open"], share(section["open"], received)],
        [_("Blev inskrivningar"), section["converted"]["count"], section["converted"]["share"]],
        [_("Minst ett kontaktförsök"), section["contacted"], share(section["contacted"], received)],
        [_("Nådda"), section["reached"]["count"], section["reached"]["share"]],
        [
            _("Nådda inom %(days)s dagar") % {"days": days},
            section["reached_within_days"]["count"],
            section["reached_within_days"]["share"],
        ],
        [_("Skrivna av en förälder"), section["on_behalf"], share(section["on_behalf"], received)],
    ]
    overview = Table(
        key="self_referrals",
        title=_("Egenremisser och vad de ledde till"),
        columns=[_("Egenremisser"), _("Antal"), _("Andel av mottagna")],
        rows=rows,
        percent_columns={2},
        note=_(
            "Egenremisser skickade under perioden via projektets anmälningssidor, eller som blivit inskrivningar "
            "i projektet. Utfall och öppna som det såg ut på rapportdagen. Egenremisser som inte blev "
            "inskrivningar raderas när organisationens lagringstid gått ut och räknas då inte längre."
        ),
    )
    ages = dict(AgeGroup.choices)
    by_age = Table(
        key="self_referrals_by_age",
        title=_("Egenremisser per åldersgrupp"),
        columns=[_("Åldersgrupp"), _("Antal"), _("Andel")],
        rows=[[str(ages[g]), n, share(n, received)] for g, n in section["by_age_group"].items()],
        percent_columns={2},
    )
    return [overview, by_age]
