"""The report's ``breakdowns``: the key counts per enrolling organisation and per home municipality.

The appendix of a SPiK-style final report is this table: per partner organisation and per home
municipality, the enrolments by gender and age band, the exits by reason and the exits to work or
studies. Both breakdowns come from one grouped query over the report's enrolments (grouped by
organisation, municipality, gender, age band and exit reason: a fixed number of groups, whatever
the number of enrolments), so each adds up to the report's own totals.
"""

from django.db.models import Case, CharField, Count, F, OuterRef, Subquery, Value, When

from stegvis.organizations.models import Organization
from stegvis.participants.models import WORK_OR_STUDIES, Enrollment, Person
from stegvis.participants.municipalities import MUNICIPALITIES
from stegvis.reports.counting import AGE_BANDS, EXIT_REASONS, GENDERS, UNKNOWN, exited_q, with_age

KEY = "breakdowns"


def empty_group():
    """One group's figures, every gender, band and reason present with 0."""
    return {
        "enrollments": 0,
        "by_gender": dict.fromkeys(GENDERS, 0),
        "by_age_band": dict.fromkeys(AGE_BANDS, 0),
        "exits": 0,
        "work_or_studies": 0,
        "by_exit_reason": dict.fromkeys(EXIT_REASONS, 0),
    }


def _add(group, row):
    n, gender, reason = row["n"], row["gender"], row["_reason"]
    group["enrollments"] += n
    if gender in group["by_gender"]:
        group["by_gender"][gender] += n
    group["by_age_band"][row["_age_band"]] += n
    if reason is None:  # not exited by ``on``
        return
    group["exits"] += n
    if reason in WORK_OR_STUDIES:
        group["work_or_studies"] += n
    if reason in group["by_exit_reason"]:
        group["by_exit_reason"][reason] += n


def municipality_key(value):
    """The breakdown's key of a stored home municipality: its kommunkod, ``okand`` for none or no code."""
    return value if value in MUNICIPALITIES else UNKNOWN


def breakdowns(project, scope, on):
    """``{"organization": {code: group}, "home_municipality": {kommunkod: group}}`` of ``scope``.

    Every organisation that has an enrolment in the project (whatever the report's date, window
    or filters) is present, 0 where none counts here; every municipality that occurs among the
    counted enrolments' persons is present, ``okand`` (always present) for a person without one
    or with a value that is no kommunkod. Two queries.
    """
    codes = dict(
        Organization.objects.filter(
            pk__in=Enrollment.objects.filter(project=project).values("organization_id")
        )
        .order_by("code")
        .values_list("pk", "code")
    )
    by_organization = {code: empty_group() for code in codes.values()}
    by_municipality = {}
    municipality = Subquery(
        Person.objects.filter(pk=OuterRef("person_id")).values("home_municipality")[:1],
        output_field=CharField(),
    )
    reason = Case(When(exited_q(on), then=F("exit_reason")), default=Value(None), output_field=CharField())
    qs = with_age(scope).annotate(_municipality=municipality, _reason=reason)
    rows = qs.order_by().values("organization_id", "_municipality", "gender", "_age_band", "_reason")
    for row in rows.annotate(n=Count("pk")):  # groups, not enrolments
        _add(by_organization[codes[row["organization_id"]]], row)
        key = municipality_key(row["_municipality"])
        if key not in by_municipality:
            by_municipality[key] = empty_group()
        _add(by_municipality[key], row)
    ordered = {code: by_municipality[code] for code in sorted(by_municipality) if code != UNKNOWN}
    ordered[UNKNOWN] = by_municipality.get(UNKNOWN) or empty_group()
    return {"organization": by_organization, "home_municipality": ordered}
