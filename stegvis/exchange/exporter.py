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

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record_many
from stegvis.core.access import VIEW
from stegvis.core.spreadsheet import csv_writer
from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment, ExitOutcome, ParticipantRef, Person
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
# Stegvis's own columns of enrollments.csv (docs/exchange.md): what an exit says besides its
# reason. Written only by a project that uses them, so any other project's files hold exactly the
# format's columns; other systems ignore them with a warning, Stegvis reads them back.
EXIT_DETAIL_COLUMNS = ["project_exit_reason", "next_actor", "other_outcomes"]


def generated_ref(person_id):
    return f"stegvis-{person_id}"


def _yes_no(value):
    return "" if value is None else ("ja" if value else "nej")


def _date(value):
    return value.isoformat() if value else ""


# An enrolment as the export reads it: the columns it writes, no model instance.
_ENROLLMENT_VALUES = (
    "pk",
    "person_id",
    "organization_id",
    "organization__code",
    "referrer",
    "need_group__name",
    "start_date",
    "end_date",
    "exit_reason",
    "project_exit_reason__label",
    "next_actor",
)
# The person's own columns of participants.csv (birth_year to education_level), and what decides
# how the personnummer and the protected identity are written.
_PERSON_VALUES = ("pk", "protected_identity", "personnummer", *HEADERS["participants"][2:8])
# Rows read from the database at a time where the export streams them (the answers).
CHUNK = 5000


class _Export:
    """One project's export: its tables as rows in the order of :data:`HEADERS`, read as they
    are written (the answers straight from the database cursor to the file), and its audit entries.

    Only keys and the few columns written are held (tuples, not model instances): a project of a
    hundred thousand participants has some half a million rows.
    """

    def __init__(self, project, user):
        self.project, self.user = project, user
        base = Enrollment.objects.all() if user is None else Enrollment.objects.restrict(user, VIEW)
        self.enrollment_query = base.filter(project=project)
        username = f"coordinator__{get_user_model().USERNAME_FIELD}"
        self.enrollments = list(
            self.enrollment_query.order_by("start_date", "pk").values_list(*_ENROLLMENT_VALUES, username)
        )
        self.person_of = {e[0]: e[1] for e in self.enrollments}
        first_org = {}
        for e in self.enrollments:
            first_org.setdefault(e[1], e[2])
        person_ids = self.enrollment_query.values("person_id")
        refs = {}
        for person_id, org_id, ref in (
            ParticipantRef.objects.filter(person_id__in=person_ids)
            .order_by("pk")
            .values_list("person_id", "organization_id", "ref")
        ):
            if org_id == first_org[person_id]:
                refs.setdefault(person_id, ref)
        self.ref_of = {pid: refs.get(pid) or generated_ref(pid) for pid in first_org}
        self.person_ids = person_ids
        self.org_ids = {project.owner_id} | set(project.partners.values_list("pk", flat=True))
        self.org_ids |= set(first_org.values()) | {e[2] for e in self.enrollments}
        self.outcomes_of = {}
        for enrollment_id, outcome in (
            ExitOutcome.objects.filter(enrollment_id__in=self.enrollment_query.values("pk"))
            .order_by("enrollment_id", "outcome")
            .values_list("enrollment_id", "outcome")
        ):
            self.outcomes_of.setdefault(enrollment_id, []).append(outcome)
        self.exit_details = bool(self.outcomes_of) or any(e[9] or e[10] for e in self.enrollments)

    def headers(self, name):
        """The columns of the file ``name``: the format's, and the exit's details where the project has any."""
        if name == "enrollments" and self.exit_details:
            return HEADERS[name] + EXIT_DETAIL_COLUMNS
        return HEADERS[name]

    def tables(self):
        """``(name, rows)`` for each file, in the exporter's order; ``rows`` is an iterator."""
        yield "organizations", self._organizations()
        yield "projects", self._projects()
        yield "participants", self._participants()
        yield "enrollments", self._enrollment_rows()
        yield "measurements", self._measurement_rows()
        yield "language_levels", self._language_level_rows()

    def _organizations(self):
        for code, name, kind in (
            Organization.objects.filter(pk__in=self.org_ids)
            .order_by("code")
            .values_list("code", "name", "kind")
        ):
            yield [code, name, kind]

    def _projects(self):
        p = self.project
        yield [p.code, p.name, p.owner.code, _date(p.start_date), _date(p.end_date), p.funder]

    def _participants(self):
        persons = Person.objects.filter(pk__in=self.person_ids).values_list(*_PERSON_VALUES)
        ref_of = self.ref_of
        for pk, protected, number, *columns in sorted(persons, key=lambda p: ref_of[p[0]]):
            birth_year, gender, municipality, language, interpreter, education = columns
            yield [
                ref_of[pk],
                "" if protected or not number else f"{number[:8]}-{number[8:]}",
                birth_year,
                gender,
                municipality,
                language,
                _yes_no(interpreter),
                "" if education is None else education,
                _yes_no(protected),
            ]

    def _enrollment_rows(self):
        code = self.project.code
        for (
            pk,
            person_id,
            _org,
            org_code,
            referrer,
            need_group,
            start,
            end,
            reason,
            own_reason,
            next_actor,
            coordinator,
        ) in self.enrollments:
            row = [
                self.ref_of[person_id],
                code,
                org_code,
                referrer,
                need_group or "",
                _date(start),
                _date(end),
                reason,
                coordinator or "",
            ]
            if self.exit_details:
                row += [own_reason or "", next_actor, " ".join(self.outcomes_of.get(pk, ()))]
            yield row

    def _measurement_rows(self):
        """Every answered item of the exported enrolments, in one query read in chunks (unanswered
        items have no row)."""
        answers = (
            Answer.objects.filter(
                measurement__enrollment_id__in=self.enrollment_query.values("pk"), value__isnull=False
            )
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
        code, ref_of, person_of = self.project.code, self.ref_of, self.person_of
        for enrollment_id, instrument, date, respondent, item, value in answers.iterator(chunk_size=CHUNK):
            yield [ref_of[person_of[enrollment_id]], code, instrument, _date(date), respondent, item, value]

    def _language_level_rows(self):
        """The persons' language levels within their time in the project, in one query."""
        spans = {}
        for e in self.enrollments:
            person_id, start_date, end_date = e[1], e[6], e[7]
            start, end = spans.get(person_id, (start_date, end_date))
            open_ended = end is None or end_date is None
            spans[person_id] = (min(start, start_date), None if open_ended else max(end, end_date))
        user = self.user
        base = LanguageLevel.objects.all() if user is None else LanguageLevel.objects.restrict(user, VIEW)
        levels = base.filter(person_id__in=self.person_ids).order_by("person_id", "framework", "date")
        rows = []
        for person_id, date, framework, level in levels.values_list(
            "person_id", "date", "framework", "level"
        ):
            start, end = spans[person_id]
            if start <= date and (end is None or date <= end):
                rows.append([self.ref_of[person_id], _date(date), framework, level])
        rows.sort(key=lambda r: (r[0], r[2], r[1]))
        return iter(rows)

    def record(self, counts):
        """The export's audit entries: one for the project (with what was written) and one per
        person, written together (the project's first)."""
        detail = _("Export av projektet %(code)s i utbytesformatet") % {"code": self.project.code}
        summary = {
            "persons": counts["participants"],
            "enrollments": counts["enrollments"],
            "answers": counts["measurements"],
            "language_levels": counts["language_levels"],
        }
        batch = [self.project]
        for pk in [*self.ref_of, None]:  # a large project's entries are not all held at once
            if pk is not None:
                batch.append(Person(pk=pk))
            if batch and (pk is None or len(batch) == CHUNK):
                changes = [summary if obj is self.project else {} for obj in batch]
                record_many(self.user, AuditAction.EXPORT, batch, detail=detail, changes=changes)
                batch = []


def build_tables(project, *, user=None):
    """The six tables as ``{name: [row dict, ...]}``; writes the export audit entries."""
    export = _Export(project, user=user)
    tables = {
        name: [dict(zip(export.headers(name), row, strict=True)) for row in rows]
        for name, rows in export.tables()
    }
    export.record({name: len(rows) for name, rows in tables.items()})
    return tables


def _write_csv(out, rows):
    """Write the rows into the text file ``out``; returns how many. Text that could start a
    spreadsheet formula gets an apostrophe, which the importer takes off again
    (:func:`stegvis.core.spreadsheet.restore_cell`), so the round trip is exact."""
    writer = csv_writer(out, lineterminator="\n")
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def to_csv(name, rows) -> bytes:
    """One file's bytes from row dicts (as :func:`build_tables` gives them)."""
    headers = HEADERS[name] + [
        c for c in EXIT_DETAIL_COLUMNS if name == "enrollments" and rows and c in rows[0]
    ]
    buffer = io.StringIO()
    _write(buffer, headers, ([row.get(column) for column in headers] for row in rows))
    return buffer.getvalue().encode("utf-8")


def export_project(project, outdir, *, user=None, as_zip=False):
    """Write the files into ``outdir`` (or ``outdir/<code>.zip``), row by row as they are read.

    Returns the paths written and how many rows each file has (``{name: count}``).
    """
    export = _Export(project, user=user)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    counts = {}
    if as_zip:
        path = outdir / f"{project.code}.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, rows in export.tables():
                with (
                    archive.open(f"{project.code}/{name}.csv", "w") as raw,
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as out,
                ):
                    counts[name] = _write(out, export.headers(name), rows)
        paths = [path]
    else:
        paths = []
        for name, rows in export.tables():
            path = outdir / f"{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as out:
                counts[name] = _write(out, export.headers(name), rows)
            paths.append(path)
    export.record(counts)
    return paths, counts


def _write(out, headers, rows):
    _write_csv(out, [headers])
    return _write_csv(out, rows)
