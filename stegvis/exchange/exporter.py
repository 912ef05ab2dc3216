"""The exporter: one project's organisations, project, participants, enrolments, measurements and
language levels in the exchange format.

What it writes is exactly what :mod:`stegvis.exchange.importer` reads, so export -> import
round-trips. Choices that keep it safe and stable:

- **Protected identity**: no personnummer (Stegvis never stored it), ``protected_identity=ja`` and
  the birth year only.
- **participant_ref**: the person's reference in the organisation that enrolled them (the earliest
  enrolment in the project); a person without one there gets ``stegvis-<id>``, which stays the same
  from one export to the next.
- **Who may export what**: a user gets the enrolments ``restrict(user, "view")`` gives them.
  ``user=None`` is the command line, run by an operator with server access: the whole project.
  Every export writes an ``export`` audit entry for the project and one for every person in it.
- **Measurements**: one row per answered item; an item answered "vet inte / vill inte svara"
  (stored as no value) has no row, which is how the format says "not answered".
- **Spreadsheet formulas**: people open these files in Excel, so text starting with ``=``, ``+``,
  ``-``, ``@``, tab or carriage return is written with an apostrophe first, as in every export; the
  importer removes it, so export -> import stays exact (docs/exchange.md).
- **Language levels**: a person's levels dated within their time in the project (from their first
  start to their last end, or up to now while enrolled); levels from before or after belong to
  other projects.
"""

import io
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record, record_many
from stegvis.core.access import VIEW
from stegvis.core.spreadsheet import csv_writer
from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment, ParticipantRef
from stegvis.progression.models import Answer, LanguageLevel

HEADERS = {
    "organizations": ["code", "name", "kind"],
    "projects": ["code", "name", "owner", "start_date", "end_date", "funder"],
    "participants": [
        "participant_ref",
        "personnummer",
        "birth_year",
        "gender",
        "home_municipality",
        "language",
        "interpreter_needed",
        "education_level",
        "protected_identity",
    ],
    "enrollments": [
        "participant_ref",
        "project",
        "organization",
        "referrer",
        "need_group",
        "start_date",
        "end_date",
        "exit_reason",
        "coordinator",
    ],
    "measurements": ["participant_ref", "project", "instrument", "date", "respondent", "item", "value"],
    "language_levels": ["participant_ref", "date", "framework", "level"],
}


def generated_ref(person_id):
    return f"stegvis-{person_id}"


def _yes_no(value):
    return "" if value is None else ("ja" if value else "nej")


def _date(value):
    return value.isoformat() if value else ""


def _enrollments(user, project):
    base = Enrollment.objects.all() if user is None else Enrollment.objects.restrict(user, VIEW)
    return list(
        base.filter(project=project)
        .select_related("person", "organization", "need_group", "coordinator")
        .order_by("start_date", "pk")
    )


def build_tables(project, *, user=None):
    """The four tables as ``{name: [row dict, ...]}``; writes the export audit entries."""
    enrollments = _enrollments(user, project)
    persons = {}
    first_org = {}
    for enrollment in enrollments:
        persons.setdefault(enrollment.person_id, enrollment.person)
        first_org.setdefault(enrollment.person_id, enrollment.organization_id)
    refs = {}
    for person_id, org_id, ref in (
        ParticipantRef.objects.filter(person_id__in=persons)
        .order_by("pk")
        .values_list("person_id", "organization_id", "ref")
    ):
        if org_id == first_org[person_id]:
            refs.setdefault(person_id, ref)
    ref_of = {pid: refs.get(pid) or generated_ref(pid) for pid in persons}

    org_ids = {project.owner_id} | set(project.partners.values_list("pk", flat=True))
    org_ids |= {e.organization_id for e in enrollments}
    organizations = [
        {"code": o.code, "name": o.name, "kind": o.kind}
        for o in Organization.objects.filter(pk__in=org_ids).order_by("code")
    ]
    projects = [
        {
            "code": project.code,
            "name": project.name,
            "owner": project.owner.code,
            "start_date": _date(project.start_date),
            "end_date": _date(project.end_date),
            "funder": project.funder,
        }
    ]
    participants = []
    for person in sorted(persons.values(), key=lambda p: ref_of[p.pk]):
        protected = person.protected_identity
        participants.append(
            {
                "participant_ref": ref_of[person.pk],
                "personnummer": ""
                if protected or not person.personnummer
                else f"{person.personnummer[:8]}-{person.personnummer[8:]}",
                "birth_year": person.birth_year,
                "gender": person.gender,
                "home_municipality": person.home_municipality,
                "language": person.language,
                "interpreter_needed": _yes_no(person.interpreter_needed),
                "education_level": "" if person.education_level is None else person.education_level,
                "protected_identity": _yes_no(protected),
            }
        )
    rows = [
        {
            "participant_ref": ref_of[e.person_id],
            "project": project.code,
            "organization": e.organization.code,
            "referrer": e.referrer,
            "need_group": e.need_group.name if e.need_group else "",
            "start_date": _date(e.start_date),
            "end_date": _date(e.end_date),
            "exit_reason": e.exit_reason,
            "coordinator": e.coordinator.get_username() if e.coordinator else "",
        }
        for e in enrollments
    ]

    measurements = _measurement_rows(project, enrollments, ref_of)
    levels = _language_level_rows(user, enrollments, ref_of)

    detail = _("Export av projektet %(code)s i utbytesformatet") % {"code": project.code}
    record(
        user,
        AuditAction.EXPORT,
        project,
        detail=detail,
        changes={
            "persons": len(persons),
            "enrollments": len(rows),
            "answers": len(measurements),
            "language_levels": len(levels),
        },
    )
    exported = list(persons.values())
    for start in range(0, len(exported), 5000):  # a large project's entries are not all held at once
        record_many(user, AuditAction.EXPORT, exported[start : start + 5000], detail=detail)
    return {
        "organizations": organizations,
        "projects": projects,
        "participants": participants,
        "enrollments": rows,
        "measurements": measurements,
        "language_levels": levels,
    }


def _measurement_rows(project, enrollments, ref_of):
    """Every answered item of the exported enrolments, in one query (unanswered items have no row)."""
    person_of = {e.pk: e.person_id for e in enrollments}
    answers = (
        Answer.objects.filter(measurement__enrollment_id__in=person_of, value__isnull=False)
        .order_by(
            "measurement__enrollment__start_date",
            "measurement__enrollment_id",
            "measurement__date",
            "measurement__instrument__code",
            "measurement__respondent",
            "item__position",
        )
        .values_list(
            "measurement__enrollment_id",
            "measurement__instrument__code",
            "measurement__date",
            "measurement__respondent",
            "item__code",
            "value",
        )
    )
    return [
        {
            "participant_ref": ref_of[person_of[enrollment_id]],
            "project": project.code,
            "instrument": instrument,
            "date": _date(date),
            "respondent": respondent,
            "item": item,
            "value": value,
        }
        for enrollment_id, instrument, date, respondent, item, value in answers
    ]


def _language_level_rows(user, enrollments, ref_of):
    """The persons' language levels within their time in the project, in one query."""
    spans = {}
    for e in enrollments:
        start, end = spans.get(e.person_id, (e.start_date, e.end_date))
        open_ended = end is None or e.end_date is None
        spans[e.person_id] = (min(start, e.start_date), None if open_ended else max(end, e.end_date))
    base = LanguageLevel.objects.all() if user is None else LanguageLevel.objects.restrict(user, VIEW)
    levels = base.filter(person_id__in=spans).order_by("person_id", "framework", "date")
    rows = []
    for person_id, date, framework, level in levels.values_list("person_id", "date", "framework", "level"):
        start, end = spans[person_id]
        if start <= date and (end is None or date <= end):
            rows.append(
                {
                    "participant_ref": ref_of[person_id],
                    "date": _date(date),
                    "framework": framework,
                    "level": level,
                }
            )
    rows.sort(key=lambda r: (r["participant_ref"], r["framework"], r["date"]))
    return rows


def to_csv(name, rows) -> bytes:
    """One file's bytes; text that could start a spreadsheet formula gets an apostrophe, which the
    importer takes off again (:func:`stegvis.core.spreadsheet.restore_cell`), so the round trip is exact."""
    headers = HEADERS[name]
    buffer = io.StringIO()
    writer = csv_writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([row.get(column) for column in headers] for row in rows)
    return buffer.getvalue().encode("utf-8")


def export_project(project, outdir, *, user=None, as_zip=False):
    """Write the files into ``outdir`` (or ``outdir/<code>.zip``); returns the paths written."""
    tables = build_tables(project, user=user)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if as_zip:
        path = outdir / f"{project.code}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, rows in tables.items():
                archive.writestr(f"{project.code}/{name}.csv", to_csv(name, rows))
        return [path], tables
    paths = []
    for name, rows in tables.items():
        path = outdir / f"{name}.csv"
        path.write_bytes(to_csv(name, rows))
        paths.append(path)
    return paths, tables
