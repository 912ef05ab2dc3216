"""The SUS participant list: one row per enrolment in scope (SUS registers each insats on its own).

Who gets which rows (docs/sus-esf.md):

- Staff with personal data in the project (administrator, project leader, coordinator) get the
  rows of the enrolments they may view (``Enrollment.objects.restrict(user, "view")``), with
  name and personnummer. They may ask for the pseudonymised list too (to hand to an evaluator).
- Evaluators get every enrolment of the project, **pseudonymised**: no name, no personnummer,
  no birth date; a pseudonym per person and project (:func:`pseudonym`) and the birth year.
- Persons with a protected identity, anonymous persons (no personnummer: registered without
  consent) and enrolments without SUS consent in force on the list's date (none given, or
  withdrawn on or before it; the consent app registers that condition) are **anonymous rows**
  for everyone: gender, birth year, age and dates only, as SUS registers them. Nothing else is
  shown, and the list cannot be sorted by anything hidden in them.

The list stands on a date like the report: an exit after ``on`` has not happened yet. Rows come
from one query (the values the list needs, with the age computed in the database); the page,
the CSV, the XLSX and ``stegvis sus`` all shape them with :func:`rows`.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, CharField, DateField, F, Q, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.audit.log import AuditAction, record, record_many
from stegvis.core.access import VIEW, may
from stegvis.core.registry import Registry
from stegvis.core.spreadsheet import csv_writer
from stegvis.participants.models import Enrollment, ExitReason, Gender, IncomeSource, Occupation, Referrer
from stegvis.reports.counting import exited_q, scoped_enrollments, with_age
from stegvis.reports.exports.facts import export_facts, organization_names
from stegvis.reports.labels import label_for

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PSEUDONYM_SALT = "stegvis.reports.external.sus.pseudonym"
PSEUDONYM_LENGTH = 12


def pseudonym(person_id, project_id):
    """A stable pseudonym of a person within one project: ``P-`` and 12 hex digits of an HMAC.

    The key is derived from the site's ``SECRET_KEY`` (``salted_hmac``), so the same person gets
    the same pseudonym in every list of the project, different pseudonyms in different projects
    (lists of two projects cannot be joined), and nobody without the key can go back from the
    pseudonym to the person. Changing ``SECRET_KEY`` changes every pseudonym.
    """
    digest = salted_hmac(PSEUDONYM_SALT, f"{project_id}:{person_id}", algorithm="sha256").hexdigest()
    return f"P-{digest[:PSEUDONYM_LENGTH].upper()}"


@dataclass(frozen=True)
class Column:
    key: str
    label: "StrOrPromise"  # lazy Swedish
    order_by: str | None = None  # the annotation the page sorts by; None = not sortable
    identified_only: bool = False
    pseudonymised_only: bool = False


COLUMNS = (
    Column("participant", _("Deltagare"), order_by="_sort_name", identified_only=True),
    Column("pseudonym", _("Pseudonym"), pseudonymised_only=True),
    Column("personnummer", _("Personnummer"), identified_only=True),
    Column("gender", _("Kön"), order_by="gender"),
    Column("birth_year", _("Födelseår"), order_by="person__birth_year"),
    Column("age", _("Ålder vid start"), order_by="_age"),
    Column("start_date", _("Startdatum"), order_by="start_date"),
    Column("end_date", _("Slutdatum"), order_by="_end"),
    Column("exit_reason", _("Avslutsorsak")),
    Column("income_source_start", _("Försörjning vid start")),
    Column("occupation_start", _("Sysselsättning vid start")),
    Column("work_extent_start", _("Arbetstid vid start (%)")),
    Column("income_source_exit", _("Försörjning vid avslut")),
    Column("occupation_exit", _("Sysselsättning vid avslut")),
    Column("work_extent_exit", _("Arbetstid vid avslut (%)")),
    Column("referrer", _("Anvisare")),
)

_VALUES = (
    "pk",
    "person_id",
    "project_id",
    "person__first_name",
    "person__last_name",
    "person__personnummer",
    "gender",
    "person__birth_year",
    "_age",
    "_anonymous",
    "_sort_name",
    "start_date",
    "_end",
    "exit_reason",
    "income_source_start",
    "occupation_start",
    "work_extent_start",
    "income_source_exit",
    "occupation_exit",
    "work_extent_exit",
    "referrer",
)
_LABELS = {
    "exit_reason": ExitReason,
    "income_source_start": IncomeSource,
    "occupation_start": Occupation,
    "income_source_exit": IncomeSource,
    "occupation_exit": Occupation,
    "referrer": Referrer,
}
# What an anonymous row keeps (besides its anonymous label).
_ANONYMOUS_KEEPS = {"gender", "birth_year", "age", "start_date", "end_date"}


@dataclass(frozen=True)
class Listing:
    """A list of one row per enrolment, with the SUS list's rules of identity, anonymity and audit.

    The SUS list is one (:data:`SUS`); the ESF+ participant data file another
    (:mod:`stegvis.reports.external.esf_participants`): each names its columns, the values it
    reads and how a row is made, and shares the rest.
    """

    title: "StrOrPromise"  # lazy Swedish: the sheet's title and the audit entry's text
    file_base: str
    columns: tuple[Column, ...]
    values: tuple[str, ...]
    row: Callable[[dict, bool], dict]
    note: "StrOrPromise" = ""


def columns(pseudonymised, listing=None):
    return [
        c
        for c in (listing or SUS).columns
        if not (c.identified_only and pseudonymised) and not (c.pseudonymised_only and not pseudonymised)
    ]


def may_identify(user, project):
    """Whether ``user`` has personal data in ``project`` (``None`` is the operator on the command line)."""
    return user is None or may(user, VIEW, project)


# Further reasons an enrolment is reported anonymously, registered by the apps that know them
# (the consent app: no SUS consent given, or withdrawn), so this module never imports them.
_anonymity_conditions: Registry = Registry("SUS anonymity condition")


def register_sus_anonymity(name, condition):
    """``condition(on)`` returns a ``Q`` over enrolments whose person SUS must see anonymously on ``on``.

    The list stands on a date, and so does consent: a consent withdrawn on or before ``on`` no
    longer allows the person to be named in the list of that date.
    """
    _anonymity_conditions.register(name, condition)


def anonymous_q(on):
    """Enrolments SUS registers anonymously on ``on``: protected identity, no personnummer, or a registered reason."""
    q = Q(person__protected_identity=True) | Q(person__personnummer__isnull=True) | Q(person__personnummer="")
    for condition in _anonymity_conditions:
        q |= condition(on)
    return q


def list_queryset(
    user, project, *, on, date_from=None, date_to=None, organization=None, pseudonymised=False, listing=None
):
    """``(rows as value dicts, pseudonymised)`` for ``user``; evaluators are always pseudonymised.

    The caller has checked that ``user`` may report on ``project``. With ``organization`` only
    the enrolments that organisation made.
    """
    if may_identify(user, project):
        base = Enrollment.objects.filter(project=project)
        if user is not None:
            base = Enrollment.objects.restrict(user, VIEW).filter(project=project)
    else:
        base, pseudonymised = Enrollment.objects.filter(project=project), True
    if organization is not None:
        base = base.filter(organization=organization)
    anonymous = anonymous_q(on)
    qs = with_age(scoped_enrollments(on, date_from, date_to, queryset=base)).annotate(
        _anonymous=Case(When(anonymous, then=Value(True)), default=Value(False), output_field=BooleanField()),
        # Sorting by name must not place anonymous rows by the name they hide.
        _sort_name=Case(
            When(anonymous, then=Value("")),
            default=Concat("person__last_name", Value(" "), "person__first_name", output_field=CharField()),
            output_field=CharField(),
        ),
        # As the list stood on ``on``: a later exit has not happened yet.
        _end=Case(When(exited_q(on), then=F("end_date")), default=None, output_field=DateField()),
    )
    return qs.values(*(listing or SUS).values).order_by("start_date", "pk"), pseudonymised


def row(values, pseudonymised):
    """One list row (``{column key: value}``) from one value dict of :func:`list_queryset`."""
    anonymous = values["_anonymous"]
    exited = values["_end"] is not None
    result = {
        "gender": label_for(Gender, values["gender"]),
        "birth_year": values["person__birth_year"],
        "age": values["_age"],
        "start_date": values["start_date"],
        "end_date": values["_end"],
    }
    if anonymous:
        result["participant"] = result["pseudonym"] = _t("Anonym")
        result["personnummer"] = None
        for column in COLUMNS:
            result.setdefault(column.key, None)
        return result
    number = values["person__personnummer"]
    result["participant"] = f"{values['person__first_name']} {values['person__last_name']}".strip() or _t(
        "Deltagare %(id)s"
    ) % {"id": values["person_id"]}
    result["personnummer"] = f"{number[:8]}-{number[8:]}"
    if pseudonymised:
        result["pseudonym"] = pseudonym(values["person_id"], values["project_id"])
        result["participant"] = result["personnummer"] = None
    for key, choices in _LABELS.items():
        code = values[key]
        if key.endswith("_exit") or key == "exit_reason":
            code = code if exited else ""
        result[key] = label_for(choices, code) if code else None
    result["work_extent_start"] = values["work_extent_start"]
    result["work_extent_exit"] = values["work_extent_exit"] if exited else None
    return result


def table_rows(values_list, pseudonymised, listing=None):
    """Rows as lists in the order of :func:`columns` (for CSV and XLSX)."""
    listing = listing or SUS
    keys = [c.key for c in columns(pseudonymised, listing)]
    return [[listing.row(values, pseudonymised)[key] for key in keys] for values in values_list]


def _csv_value(value):
    # Numbers stay numbers (the writer neutralises text only, so a negative number keeps its sign).
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def csv_bytes(values_list, pseudonymised, listing=None):
    """Semicolon-separated UTF-8 with a byte order mark: what Swedish Excel opens correctly. Text
    that could start a formula is neutralised (:mod:`stegvis.core.spreadsheet`)."""
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(c.label) for c in columns(pseudonymised, listing)])
    for values in table_rows(values_list, pseudonymised, listing):
        writer.writerow([_csv_value(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_table(values_list, pseudonymised, listing=None):
    """The list as a :class:`~stegvis.reports.tables.Table`, for the spreadsheet renderer."""
    from stegvis.reports.tables import Table

    listing = listing or SUS
    note = (
        _t("Pseudonymiserad: inga namn, personnummer eller födelsedatum.")
        if pseudonymised
        else _t(
            "Innehåller personuppgifter. Personer med skyddad identitet och anonyma deltagare visas utan identitet."
        )
    )
    return Table(
        key=listing.file_base,
        title=str(listing.title),
        columns=[str(c.label) for c in columns(pseudonymised, listing)],
        rows=table_rows(values_list, pseudonymised, listing),
        note=f"{note} {listing.note}".strip(),
    )


def audit_rows(user, project, values_list, action, detail):
    """One entry for the list and one per enrolment shown, so each person's log shows who saw them."""
    record(user, action, project, detail=detail)
    shown = [Enrollment(pk=values["pk"], person_id=values["person_id"]) for values in values_list]
    record_many(user, action, shown, detail=detail)


def describe(
    kind, pseudonymised, count, *, on, date_from=None, date_to=None, organization=None, listing=None
):
    """The audit entry's text: what was shown or exported, with its parameters."""
    params = [
        f"{name}={value.isoformat()}"
        for name, value in (("on", on), ("from", date_from), ("to", date_to))
        if value
    ]
    if organization is not None:
        params.append(f"organization={organization.code}")
    params = " ".join(params)
    mode = "pseudonymiserad" if pseudonymised else "med identitet"
    title = str((listing or SUS).title)
    return f"{title} {kind} ({mode}, {count} rader) {params}".strip()


def _header_facts(project, on, date_from, date_to, organization):
    """What the spreadsheet's first sheet says the file is of (the report's own header facts)."""
    report = {
        "project": project.code,
        "project_name": project.name,
        "on": on.isoformat(),
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
        "organization": organization.code if organization is not None else None,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
    }
    return report, export_facts(report, organization_names(project))


def export_file(
    user,
    project,
    fmt,
    *,
    on,
    date_from=None,
    date_to=None,
    organization=None,
    pseudonymised=False,
    via="webb",
    listing=None,
):
    """``(file name, bytes)`` of the list as ``csv`` or ``xlsx``, audited; the downloads and ``stegvis sus`` use it."""
    choices = {"on": on, "date_from": date_from, "date_to": date_to, "organization": organization}
    listing = listing or SUS
    values, pseudonymised = list_queryset(
        user, project, pseudonymised=pseudonymised, listing=listing, **choices
    )
    values = list(values)
    if fmt == "xlsx":
        from stegvis.reports.exports.xlsx_report import render_xlsx

        report, facts = _header_facts(project, on, date_from, date_to, organization)
        content = render_xlsx(report, [as_table(values, pseudonymised, listing)], facts)
    else:
        content = csv_bytes(values, pseudonymised, listing)
    audit_rows(
        user,
        project,
        values,
        AuditAction.EXPORT,
        f"{via}: " + describe(fmt, pseudonymised, len(values), listing=listing, **choices),
    )
    org = f"-{organization.code}" if organization is not None else ""
    suffix = "-pseudonymiserad" if pseudonymised else ""
    return f"{listing.file_base}-{project.code}{org}-{on.isoformat()}{suffix}.{fmt}", content


SUS = Listing(title=_("SUS-lista"), file_base="sus", columns=COLUMNS, values=_VALUES, row=row)
