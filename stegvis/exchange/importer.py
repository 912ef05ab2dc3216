"""The importer of the exchange format: one module used by the ``stegvis import`` command and the page.

An import runs in two passes over the same tables:

1. **Check.** Every row is checked on its own (:mod:`stegvis.exchange.validation`), then against
   the other files and the database (codes, usernames, references, duplicates).
2. **Write.** Inside one ``transaction.atomic()`` the valid rows are written through the same
   actions the pages use (so every change is audited the same way). An :class:`ActionError`
   from an action becomes an error row at the file, line and column of the field it names.

If either pass found an error, or the run is a dry run, the transaction is rolled back: an import
is all or nothing, and a dry run goes through exactly the same code, so it reports exactly what a
real run would. All errors are collected; the import never stops at the first one.

Decisions (also in ``docs/exchange.md``):

- **Which organisation a participant_ref belongs to.** A row of participants.csv has no
  organisation column, but a reference is an organisation's own (``ParticipantRef`` is unique per
  organisation). The reference therefore belongs to the organisation(s) that enrolled the
  participant in enrollments.csv. A participant without any enrolment row is matched to an
  existing reference only when exactly one organisation in Stegvis uses it.
- **Matching.** A participant is the person that already has the reference in that organisation,
  or the person with the same personnummer. Two rows with the same personnummer are one person.
  An enrolment is the same when person, project and start date are (its natural key).
- **Empty cells never erase.** An empty cell has no value, so it leaves what Stegvis has. An
  import therefore only adds and corrects; "updated" means at least one filled-in cell differed
  from what Stegvis had (or a new reference was added).
- **Exits are not rewritten.** An enrolment that is already ended with another date or reason is
  an error: an exit is corrected in Stegvis, where the change is visible, not by a file.
- **Measurements.** The rows with the same participant, project, instrument, respondent and date
  are one measurement, of the person's enrolment in that project that covers the date, on the
  newest active version of the instrument. One that is already there is the same measurement
  (matched by instrument code, any version): its answers are corrected where the file differs,
  and an answer without a row is left as it is (a missing row never erases).
- **Language levels** are facts on a date: one already registered with another level on the same
  date is an error, corrected in Stegvis.
"""

import sys
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.database import is_busy
from stegvis.core.errors import ActionError
from stegvis.exchange import readers, validation
from stegvis.exchange.readers import Problem
from stegvis.organizations import actions as org_actions
from stegvis.organizations.models import Organization, Project
from stegvis.participants import actions as person_actions
from stegvis.participants.models import Enrollment, ParticipantRef, Person
from stegvis.progression import actions as progression_actions
from stegvis.progression.models import Instrument, LanguageLevel, Measurement, Source

IMPORTED = readers.KNOWN_FILES

# Action field name -> column of the file, where they differ.
_FIELD_COLUMNS = {
    "organizations": {},
    "projects": {"owner": "owner"},
    "participants": {"ref": "participant_ref"},
    "enrollments": {"ref": "participant_ref", "person": "participant_ref", "project": "project"},
    "measurements": {"answers": "item", "enrollment": "date"},
    "language_levels": {"person": "participant_ref"},
}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did (or, with errors or as a dry run, would have done)."""

    files: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # filename -> Counts, in import order
    # Every problem is counted; only the first few hundred are kept (``errors.total``, ``errors.more``).
    errors: readers.ProblemList = field(default_factory=readers.ProblemList)
    warnings: readers.ProblemList = field(default_factory=readers.ProblemList)
    notes: list = field(default_factory=list)
    dry_run: bool = False

    def __post_init__(self):
        if not isinstance(self.errors, readers.ProblemList):
            self.errors = readers.ProblemList(self.errors)
        if not isinstance(self.warnings, readers.ProblemList):
            self.warnings = readers.ProblemList(self.warnings)

    @property
    def ok(self):
        return not self.errors

    @property
    def written(self):
        return self.ok and not self.dry_run

    def as_dict(self):
        return {
            "files": self.files,
            "counts": {name: vars(c) for name, c in self.counts.items()},
            "errors": self.errors.total,
            "warnings": self.warnings.total,
            "dry_run": self.dry_run,
        }


def import_path(path, *, user=None, dry_run=False, progress=False):
    """Import a folder or a .zip of one. A path that cannot be read is reported as an error."""
    try:
        sources = readers.sources_from_path(path)
    except readers.SourceError as exc:
        return ImportResult(errors=[Problem(str(path), None, "", str(exc))], dry_run=dry_run)
    return import_sources(sources, user=user, dry_run=dry_run, progress=progress)


def import_sources(sources, *, user=None, dry_run=False, progress=False):
    """Import ``(filename, content)`` pairs, e.g. the files of an upload."""
    return Importer(sources, user=user, dry_run=dry_run, progress=progress).run()


# How many values one ``IN (...)`` of the checks passes: all of a big file's references at once
# would be more parameters than SQLite allows (250 000, or 32 766 in some builds).
IN_CHUNK = 10_000


def _chunks(values):
    values = sorted(values)
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


@dataclass
class _PersonGroup:
    """Participant rows that are one person: one row, or every row with the same personnummer."""

    rows: list

    @property
    def first(self):
        return self.rows[0]

    @property
    def number(self):
        return next((r.number for r in self.rows if r.number is not None), None)

    @property
    def protected(self):
        values = [r.protected_identity for r in self.rows if r.protected_identity is not None]
        return True if True in values else (False if values else None)

    def fields(self):
        merged = {}
        for row in self.rows:
            for name, value in row.person_fields().items():
                merged.setdefault(name, value)
        return merged


@dataclass
class _MeasurementGroup:
    """The rows of one measurement: same participant, project, instrument, respondent and date."""

    key: tuple
    rows: list

    @property
    def first(self):
        return self.rows[0]

    def answers(self):
        return {row.item: row.value for row in self.rows}


class Importer:
    def __init__(self, sources, *, user=None, dry_run=False, progress=False):
        self.sources = list(sources)
        self.user = user
        self.progress = progress
        self.result = ImportResult(files=[name for name, _content in self.sources], dry_run=dry_run)
        self.tables = {}
        self.rows = {kind: [] for kind in IMPORTED}  # valid rows: the ones written
        self.all_rows = {kind: [] for kind in IMPORTED}  # every row, for the checks between files
        # Keys present in a file, valid or not: a row that refers to an invalid one is skipped
        # quietly (its own error is reported), instead of repeating "not found".
        self.file_keys = {kind: set() for kind in IMPORTED}
        self.failed = {kind: set() for kind in IMPORTED}
        self.groups = []
        self.group_of_ref = {}
        self.ref_orgs = {}  # participant_ref -> [organization code, ...] from enrollments
        self.orgs, self.projects, self.users = {}, {}, {}
        self.person_of_ref = {}  # participant_ref (from participants file) -> Person
        self._partner_checked = {}
        self.instruments = {}  # code -> newest active Instrument, with its items prefetched
        self.measurement_groups = []
        self.written_enrollments = set()  # (participant_ref, project) of enrolment rows written
        self._dropped = {}  # kind -> ids of rows left out, applied once per check
        self._enrollment_pairs: set | None = None  # (participant_ref, project) of every enrolment row

    # --- entry point -----------------------------------------------------------------------------

    def run(self):
        try:
            self.check()
            with transaction.atomic():
                self.write()
                if self.result.ok and not self.result.dry_run:
                    record(
                        self.user,
                        AuditAction.IMPORT,
                        object_type="exchange.import",
                        object_id="",
                        changes=self.result.as_dict(),
                        detail=_("Import av %(files)s") % {"files": ", ".join(self.result.files)},
                    )
                if not self.result.ok or self.result.dry_run:
                    transaction.set_rollback(True)
        except OperationalError as exc:
            # Another import (or a page) kept the database busy for longer than the wait allows.
            # Nothing was written, and it is not the files' fault: say so instead of blaming rows.
            if not is_busy(exc):
                raise
            self.result.errors.append(
                Problem(
                    "",
                    None,
                    "",
                    _(
                        "Databasen är upptagen med andra ändringar (till exempel en annan import) och blev "
                        "inte ledig i tid. Felet beror inte på filerna. Ingenting sparades: försök igen "
                        "om en stund."
                    ),
                )
            )
        self.result.errors.sort()
        self.result.warnings.sort()
        return self.result

    def error(self, kind_or_file, line, column, message):
        filename = self.tables[kind_or_file].filename if kind_or_file in self.tables else kind_or_file
        self.result.errors.append(Problem(filename, line, column, message))

    # --- pass 1: check ---------------------------------------------------------------------------

    def check(self):
        tables, errors, warnings = readers.read_tables(self.sources)
        self.result.errors.extend(errors)
        self.result.warnings.extend(warnings)
        if not tables and not errors:
            self.result.errors.append(
                Problem(
                    "",
                    None,
                    "",
                    _(
                        "Hittade inga filer att läsa in. Ladda upp organizations, projects, participants, enrollments, "
                        "measurements och language_levels som .csv eller .xlsx (eller en .zip med dem)."
                    ),
                )
            )
        for kind in IMPORTED:
            table = tables.get(kind)
            if table is None:
                continue
            self.tables[kind] = table
            self.result.counts[table.filename] = Counts()
            header_errors, header_warnings = validation.check_header(table)
            self.result.errors.extend(header_errors)
            self.result.warnings.extend(header_warnings)
            key_column = "code" if kind in ("organizations", "projects") else "participant_ref"
            parse = None if header_errors else validation.PARSERS[kind]
            # One pass over the file, row by row: only the parsed rows are kept, not the cells.
            try:
                for line, cells in table.iter_rows():
                    if cells.get(key_column):
                        self.file_keys[kind].add(cells[key_column])
                    if parse is None:
                        continue
                    parsed, problems = parse(table.filename, line, cells)
                    self.result.errors.extend(problems)
                    self.all_rows[kind].append(parsed)
                    if not problems:
                        self.rows[kind].append(parsed)
            except readers.ReadError as exc:  # the file changed or broke since it was first read
                self.result.errors.append(Problem(table.filename, None, "", str(exc)))
        self.enrolled_refs = self.file_keys["enrollments"]
        self._load_known()
        self._check_organizations()
        self._check_projects()
        self._check_participants()
        self._check_enrollments()
        self._check_participant_organizations()
        self._check_measurements()
        self._check_language_levels()

    def _load_known(self):
        """What the files refer to that is already in Stegvis, in a few queries."""
        projects, enrollments = self.all_rows["projects"], self.all_rows["enrollments"]
        org_codes = {r.owner for r in projects if r.owner} | {
            r.organization for r in enrollments if r.organization
        }
        self.db_orgs = {
            code
            for chunk in _chunks(org_codes)
            for code in Organization.objects.filter(code__in=chunk).values_list("code", flat=True)
        }
        measurements, levels = self.all_rows["measurements"], self.all_rows["language_levels"]
        project_codes = {r.project for r in enrollments if r.project} | {
            r.project for r in measurements if r.project
        }
        self.db_projects = {
            code
            for chunk in _chunks(project_codes)
            for code in Project.objects.filter(code__in=chunk).values_list("code", flat=True)
        }
        usernames = {r.coordinator for r in enrollments if r.coordinator}
        User = get_user_model()
        self.users = {
            u.get_username(): u
            for chunk in _chunks(usernames)
            for u in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": chunk})
        }
        refs = {r.ref for r in enrollments if r.ref} | {r.ref for r in self.all_rows["participants"] if r.ref}
        refs |= {r.ref for r in measurements if r.ref} | {r.ref for r in levels if r.ref}
        self.db_refs = {}  # ref -> {organization code: person id}
        for chunk in _chunks(refs):
            for code, ref, person_id in ParticipantRef.objects.filter(ref__in=chunk).values_list(
                "organization__code", "ref", "person_id"
            ):
                self.db_refs.setdefault(ref, {})[code] = person_id
        instrument_codes = {r.instrument for r in measurements if r.instrument}
        # Newest version first, so the first one seen per code is the one answers are recorded on.
        for instrument in (
            Instrument.objects.filter(code__in=instrument_codes, is_active=True)
            .order_by("code", "-version")
            .prefetch_related("items")
        ):
            self.instruments.setdefault(instrument.code, instrument)

    def _duplicates(self, kind, key, column, label):
        seen = {}
        for row in self.rows[kind]:
            value = getattr(row, key)
            if value in seen:
                self.error(
                    kind,
                    row.line,
                    column,
                    _('%(label)s "%(v)s" finns redan på rad %(line)s.')
                    % {"label": label, "v": value, "line": seen[value]},
                )
                self.failed[kind].add(value)
            else:
                seen[value] = row.line
        self.rows[kind] = [
            r
            for r in self.rows[kind]
            if getattr(r, key) not in self.failed[kind] or seen[getattr(r, key)] == r.line
        ]

    def _org_known(self, code):
        return code in self.file_keys["organizations"] or code in self.db_orgs

    def _check_organizations(self):
        self._duplicates("organizations", "code", "code", _("Koden"))

    def _check_projects(self):
        self._duplicates("projects", "code", "code", _("Koden"))
        for row in self.all_rows["projects"]:
            if row.owner is not None and not self._org_known(row.owner):
                self.error(
                    "projects",
                    row.line,
                    "owner",
                    _('Organisationen "%(v)s" finns varken i organizations-filen eller i Stegvis.')
                    % {"v": row.owner},
                )
                self._drop("projects", row)
                self.failed["projects"].add(row.code)
        self._apply_drops("projects")

    def _check_participants(self):
        self._duplicates("participants", "ref", "participant_ref", _("Deltagarreferensen"))
        by_number = {}
        for row in self.rows["participants"]:
            if row.number is None:
                group = _PersonGroup([row])
                self.groups.append(group)
            else:
                group = by_number.get(row.number.number)
                if group is None:
                    group = by_number[row.number.number] = _PersonGroup([row])
                    self.groups.append(group)
                elif self._same_person(group.first, row):
                    group.rows.append(row)
                else:
                    self.failed["participants"].add(row.ref)
                    continue
            self.group_of_ref[row.ref] = group
        self.rows["participants"] = [
            r for r in self.rows["participants"] if r.ref not in self.failed["participants"]
        ]

    def _same_person(self, first, row):
        """Rows with the same personnummer must agree on everything both fill in."""
        conflicts = []
        for column in (
            "gender",
            "home_municipality",
            "language",
            "interpreter_needed",
            "education_level",
            "protected_identity",
        ):
            a, b = getattr(first, column), getattr(row, column)
            if a is not None and b is not None and a != b:
                conflicts.append(column)
        for column in conflicts:
            self.error(
                "participants",
                row.line,
                column,
                _(
                    "Samma personnummer som på rad %(line)s (referens %(ref)s), men värdet i kolumnen skiljer sig. "
                    "Två rader med samma personnummer är samma person och måste stämma överens."
                )
                % {"line": first.line, "ref": first.ref},
            )
        return not conflicts

    def _check_enrollments(self):
        keys = {}
        valid = {id(r) for r in self.rows["enrollments"]}
        for row in self.all_rows["enrollments"]:
            bad = False
            if (
                row.project
                and row.project not in self.file_keys["projects"]
                and row.project not in self.db_projects
            ):
                self.error(
                    "enrollments",
                    row.line,
                    "project",
                    _('Projektet "%(v)s" finns varken i projects-filen eller i Stegvis.')
                    % {"v": row.project},
                )
                bad = True
            if row.organization and not self._org_known(row.organization):
                self.error(
                    "enrollments",
                    row.line,
                    "organization",
                    _('Organisationen "%(v)s" finns varken i organizations-filen eller i Stegvis.')
                    % {"v": row.organization},
                )
                bad = True
            if row.coordinator and row.coordinator not in self.users:
                self.error(
                    "enrollments",
                    row.line,
                    "coordinator",
                    _('Det finns ingen användare med användarnamnet "%(v)s" i Stegvis.')
                    % {"v": row.coordinator},
                )
                bad = True
            in_file = row.ref in self.file_keys["participants"]
            in_db = row.organization in self.db_refs.get(row.ref, {})
            if row.ref and row.organization and not in_file and not in_db:
                self.error(
                    "enrollments",
                    row.line,
                    "participant_ref",
                    _(
                        'Deltagaren "%(v)s" finns varken i participants-filen eller i Stegvis med den referensen '
                        "för organisationen %(org)s."
                    )
                    % {"v": row.ref, "org": row.organization},
                )
                bad = True
            person_key = self._person_key(row) if row.ref else None
            key = (person_key, row.project, row.start_date)
            if person_key is not None and row.start_date and key in keys:
                self.error(
                    "enrollments",
                    row.line,
                    "start_date",
                    _(
                        "Samma deltagare har redan en inskrivning i projektet med samma startdatum på rad %(line)s."
                    )
                    % {"line": keys[key]},
                )
                bad = True
            keys.setdefault(key, row.line)
            if bad:
                self._drop("enrollments", row)
            elif id(row) in valid:
                orgs = self.ref_orgs.setdefault(row.ref, [])
                if row.organization not in orgs:
                    orgs.append(row.organization)
        self._apply_drops("enrollments")

    def _drop(self, kind, row):
        """Leave a row out of the write (see :meth:`_apply_drops`); a set, so a big file stays linear."""
        self._dropped.setdefault(kind, set()).add(id(row))

    def _apply_drops(self, kind):
        dropped = self._dropped.pop(kind, set())
        if dropped:
            self.rows[kind] = [r for r in self.rows[kind] if id(r) not in dropped]

    def _person_key(self, row):
        group = self.group_of_ref.get(row.ref)
        if group is not None:
            number = group.number
            return ("pnr", number.number) if number else ("ref", group.first.ref)
        if row.ref in self.file_keys["participants"]:
            return None  # an invalid participant row: already reported
        return ("db", row.organization, row.ref)

    def _check_participant_organizations(self):
        """Every reference needs its organisation: from the enrolments, or the one that already uses it."""
        for group in list(self.groups):
            for row in group.rows:
                if self.ref_orgs.get(row.ref):
                    continue
                if row.ref in self.enrolled_refs:
                    # Its enrolment rows are wrong and already reported; leave the person out quietly.
                    self.failed["participants"].add(row.ref)
                    continue
                existing = self.db_refs.get(row.ref, {})
                if len(existing) == 1:
                    self.ref_orgs[row.ref] = list(existing)
                    continue
                if len(existing) > 1:
                    message = _(
                        "Referensen finns hos flera organisationer i Stegvis och deltagaren har ingen rad "
                        "i enrollments-filen som visar vilken organisation den hör till."
                    )
                else:
                    message = _(
                        "Deltagaren har ingen rad i enrollments-filen. Referensen hör till den organisation "
                        "som skrev in deltagaren, så varje ny deltagare behöver minst en inskrivning."
                    )
                self.error("participants", row.line, "participant_ref", message)
                self.failed["participants"].add(row.ref)
        self.groups = [
            g for g in self.groups if not any(r.ref in self.failed["participants"] for r in g.rows)
        ]

    def _ref_problem(self, ref):
        """Why a measurements or language_levels row cannot find its participant, or ``None``.

        ``""`` means the participant's own row is wrong and already reported: leave the row out quietly.
        """
        if ref in self.file_keys["participants"]:
            return "" if ref in self.failed["participants"] or ref not in self.group_of_ref else None
        if ref in self.db_refs:
            return None
        if ref in self.file_keys["enrollments"]:
            return (
                ""  # an enrolment of a participant that is neither in the file nor in Stegvis: reported there
            )
        return _('Deltagaren "%(v)s" finns varken i participants-filen eller i Stegvis.') % {"v": ref}

    def _check_measurements(self):
        """Instrument, item and scale per row; then the rows grouped into measurements."""
        valid_ids = {id(row) for row in self.rows["measurements"]}
        # A measurement with one wrong row is left out whole: its answers would be incomplete.
        bad_keys = {row.key for row in self.all_rows["measurements"] if id(row) not in valid_ids}
        groups = {}
        for row in self.rows["measurements"]:
            ok = True
            reason = self._ref_problem(row.ref)
            if reason:
                self.error("measurements", row.line, "participant_ref", reason)
            if reason is not None:
                ok = False
            if row.project not in self.file_keys["projects"] and row.project not in self.db_projects:
                self.error(
                    "measurements",
                    row.line,
                    "project",
                    _('Projektet "%(v)s" finns varken i projects-filen eller i Stegvis.')
                    % {"v": row.project},
                )
                ok = False
            elif row.project in self.failed["projects"]:
                ok = False
            instrument = self.instruments.get(row.instrument)
            if instrument is None:
                self.error(
                    "measurements",
                    row.line,
                    "instrument",
                    _('Det finns inget instrument i bruk med koden "%(v)s" i Stegvis.')
                    % {"v": row.instrument},
                )
                ok = False
            else:
                items = {item.code: item for item in instrument.items.all()}
                item = items.get(row.item)
                if item is None:
                    self.error(
                        "measurements",
                        row.line,
                        "item",
                        _('Frågan "%(v)s" finns inte i %(instrument)s. Frågorna heter %(items)s.')
                        % {"v": row.item, "instrument": instrument.name, "items": ", ".join(items)},
                    )
                    ok = False
                elif not item.scale_min <= row.value <= item.scale_max:
                    self.error(
                        "measurements",
                        row.line,
                        "value",
                        _("Svaret %(v)s ligger utanför skalan för fråga %(item)s (%(min)s–%(max)s).")
                        % {"v": row.value, "item": row.item, "min": item.scale_min, "max": item.scale_max},
                    )
                    ok = False
            group = groups.setdefault(row.key, _MeasurementGroup(row.key, []))
            earlier = next((r for r in group.rows if r.item == row.item), None)
            if earlier is not None:
                self.error(
                    "measurements",
                    row.line,
                    "item",
                    _(
                        "Frågan %(item)s finns redan för samma mätning (deltagare, projekt, instrument, svarande och "
                        "datum) på rad %(line)s."
                    )
                    % {"item": row.item, "line": earlier.line},
                )
                ok = False
            group.rows.append(row)
            if not ok:
                bad_keys.add(row.key)
        self.measurement_groups = [g for key, g in groups.items() if key not in bad_keys]

    def _check_language_levels(self):
        seen = {}
        valid = []
        for row in self.rows["language_levels"]:
            reason = self._ref_problem(row.ref)
            if reason:
                self.error("language_levels", row.line, "participant_ref", reason)
            elif reason is None and row.ref not in self.file_keys["participants"]:
                if len(set(self.db_refs[row.ref].values())) > 1:
                    self.error(
                        "language_levels",
                        row.line,
                        "participant_ref",
                        _(
                            "Referensen används av flera organisationer i Stegvis för olika deltagare, så det går inte "
                            "att veta vem nivån gäller. Ta med deltagaren i participants- och enrollments-filerna."
                        ),
                    )
                    reason = ""
            key = (row.ref, row.framework, row.date)
            if key in seen:
                self.error(
                    "language_levels",
                    row.line,
                    "date",
                    _("Deltagaren har redan en nivå i %(framework)s samma datum på rad %(line)s.")
                    % {"framework": row.framework, "line": seen[key]},
                )
                reason = ""
            else:
                seen[key] = row.line
            if reason is None:
                valid.append(row)
        self.rows["language_levels"] = valid

    # --- pass 2: write ---------------------------------------------------------------------------

    def write(self):
        total = sum(
            len(self.rows[k]) for k in ("organizations", "projects", "enrollments", "language_levels")
        )
        total += len(self.groups) + len(self.measurement_groups)
        bar = None
        if self.progress and total:
            from tqdm import tqdm

            bar = tqdm(total=total, file=sys.stderr, unit=_("rader"), desc=_("Import"), leave=False)
        try:
            steps = [
                ("organizations", self.rows["organizations"], self._write_organization),
                ("projects", self.rows["projects"], self._write_project),
                ("participants", self.groups, self._write_person),
                ("enrollments", self.rows["enrollments"], self._write_enrollment),
                ("measurements", self.measurement_groups, self._write_measurement),
                ("language_levels", self.rows["language_levels"], self._write_language_level),
            ]
            for kind, items, write in steps:
                for item in items:
                    self._guarded(kind, item, write)
                    if bar is not None:
                        bar.update(1)
        finally:
            if bar is not None:
                bar.close()

    def _guarded(self, kind, item, write):
        """Write one row in a savepoint; an action's refusal becomes error rows, the rest goes on."""
        row = item.first if isinstance(item, (_PersonGroup, _MeasurementGroup)) else item
        try:
            with transaction.atomic():
                outcome = write(item)
        except ActionError as exc:
            self._action_errors(kind, item if isinstance(item, _MeasurementGroup) else row, exc)
            self._mark_failed(kind, item)
            return
        except DatabaseError as exc:
            if is_busy(exc):  # not this row's fault: the whole import stops, and run() says why
                raise
            self.error(
                kind,
                row.line,
                "",
                _(
                    "Raden gick inte att spara. Kontrollera att uppgifterna inte krockar "
                    "med en annan rad eller med det som redan finns i Stegvis."
                ),
            )
            self._mark_failed(kind, item)
            return
        if outcome is None:  # skipped: depends on a row that failed, whose error is already reported
            return
        counts = self.result.counts[self.tables[kind].filename]
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def _mark_failed(self, kind, item):
        if isinstance(item, _PersonGroup):
            self.failed[kind].update(r.ref for r in item.rows)
        elif kind in ("organizations", "projects"):
            self.failed[kind].add(item.code)

    def _action_errors(self, kind, row, exc):
        required, optional = validation.COLUMNS[kind]
        known = set(required) | set(optional)
        mapping = _FIELD_COLUMNS[kind]
        lines = {}
        if isinstance(row, _MeasurementGroup):
            # An action names an answer by its item code: point at that item's row and its value.
            lines = {r.item: r.line for r in row.rows}
            row = row.first
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                line, column = row.line, mapping.get(name, name if name in known else "")
                if name in lines:
                    line, column = lines[name], "value"
                for message in messages:
                    self.error(kind, line, column, message)
        else:
            for message in exc.messages:
                self.error(kind, row.line, "", message)

    def _org(self, code):
        if code not in self.orgs:
            self.orgs[code] = Organization.objects.filter(code=code).first()
        return self.orgs[code]

    def _project(self, code):
        if code not in self.projects:
            self.projects[code] = Project.objects.filter(code=code).first()
        return self.projects[code]

    @staticmethod
    def _outcome(created, changed):
        return "created" if created else ("updated" if changed else "unchanged")

    def _write_organization(self, row):
        org, created, changes = org_actions.save_organization(
            self.user, code=row.code, name=row.name, kind=row.kind
        )
        self.orgs[row.code] = org
        return self._outcome(created, changes)

    def _write_project(self, row):
        owner = self._org(row.owner)
        if owner is None:
            return None
        existing = Project.objects.filter(code=row.code).first()
        end_date, funder = row.end_date, row.funder
        if existing is not None:  # an empty cell keeps what Stegvis has
            end_date = existing.end_date if end_date is None else end_date
            funder = existing.funder if funder is None else funder
        project, created, changes = org_actions.save_project(
            self.user,
            code=row.code,
            name=row.name,
            owner=owner,
            start_date=row.start_date,
            end_date=end_date,
            funder=funder or "",
        )
        self.projects[row.code] = project
        return self._outcome(created, changes)

    def _write_person(self, group):
        pairs = []  # (Organization, ref)
        for row in group.rows:
            for code in self.ref_orgs.get(row.ref, []):
                org = self._org(code)
                if org is None:
                    return None
                pairs.append((org, row.ref))
        if not pairs:
            return None
        number = group.number
        found = {}
        for org, ref in pairs:
            person = Person.objects.filter(refs__organization=org, refs__ref=ref).first()
            if person is not None:
                found[person.pk] = person
        if number is not None:
            person = Person.objects.filter(personnummer=number.number).first()
            if person is not None:
                found.setdefault(person.pk, person)
        if len(found) > 1:
            raise ActionError(
                {
                    "participant_ref": [
                        _(
                            "Referensen och personnumret hör till två olika deltagare i Stegvis. Rätta filen, eller slå ihop "
                            "deltagarna i Stegvis först."
                        )
                    ]
                }
            )
        fields = group.fields()
        protected = group.protected
        if not found:
            org, ref = pairs[0]
            person = person_actions.register_person(
                self.user,
                organization=org,
                personnummer=number.number if number else "",
                protected_identity=bool(protected),
                ref=ref,
                **fields,
            )
            for org, ref in pairs[1:]:
                person_actions.set_participant_ref(self.user, person, organization=org, ref=ref)
            self._remember(group, person)
            return "created"
        (person,) = found.values()
        changed = self._update_person(person, number, protected, fields)
        for org, ref in pairs:
            if not ParticipantRef.objects.filter(organization=org, ref=ref).exists():
                person_actions.set_participant_ref(self.user, person, organization=org, ref=ref)
                changed = True
        self._remember(group, person)
        return self._outcome(False, changed)

    def _remember(self, group, person):
        for row in group.rows:
            self.person_of_ref[row.ref] = person

    def _update_person(self, person, number, protected, fields):
        """Bring an existing person in line with the filled-in cells; ``True`` if anything changed."""
        errors, identity = {}, {}
        if number is not None:
            if person.personnummer and person.personnummer != number.number:
                errors["personnummer"] = [
                    _("Deltagaren med den här referensen har ett annat personnummer i Stegvis.")
                ]
            elif person.birth_date and person.birth_date != number.birth_date:
                errors["personnummer"] = [
                    _("Personnumret stämmer inte med födelsedatumet deltagaren har i Stegvis.")
                ]
            elif not person.personnummer and not person.protected_identity and protected is not True:
                identity["personnummer"] = number.number
            elif not person.birth_date:
                # A protected identity registered with a birth year only: keep the birth date, never the number.
                identity["personnummer"] = number.number
                identity["protected_identity"] = True
        if protected is True and not person.protected_identity:
            identity["protected_identity"] = True
            if number is not None:
                identity["personnummer"] = number.number
        elif protected is False and person.protected_identity:
            identity["protected_identity"] = False
            identity["personnummer"] = number.number if number is not None else ""
        changes = {}
        for name, value in fields.items():
            if name == "birth_year" and person.birth_date:
                if person.birth_date.year != value:
                    errors["birth_year"] = [
                        _("Födelseåret stämmer inte med födelsedatumet deltagaren har i Stegvis.")
                    ]
                continue
            if getattr(person, name) != value:
                changes[name] = value
        if errors:
            raise ActionError(errors)
        if not changes and not identity:
            return False
        person_actions.update_person(self.user, person, version=person.version, **identity, **changes)
        return True

    def _person_for(self, row):
        if row.ref in self.person_of_ref:
            return self.person_of_ref[row.ref]
        if row.ref in self.file_keys["participants"]:
            return None  # the participant row failed; its error is reported
        org = self._org(row.organization)
        return Person.objects.filter(refs__organization=org, refs__ref=row.ref).first() if org else None

    def _write_enrollment(self, row):
        person = self._person_for(row)
        project = self._project(row.project)
        org = self._org(row.organization)
        if person is None or project is None or org is None:
            return None
        if self._needs_partner(project, org) and person_actions.add_project_partner(
            self.user, project, organization=org
        ):
            self.result.notes.append(
                _("%(org)s lades till som samverkanspart i projektet %(project)s.")
                % {"org": org.name, "project": project.name}
            )
        coordinator = self.users.get(row.coordinator) if row.coordinator else None
        need_group = person_actions.need_group_named(project, row.need_group) if row.need_group else None
        existing = Enrollment.objects.filter(
            person=person, project=project, start_date=row.start_date
        ).first()
        if existing is None:
            fields = {"referrer": row.referrer or ""}
            if need_group is not None:
                fields["need_group"] = need_group
            enrollment = person_actions.enroll_participant(
                self.user,
                person,
                project=project,
                organization=org,
                start_date=row.start_date,
                coordinator=coordinator,
                **fields,
            )
            if row.end_date:
                person_actions.register_exit(
                    self.user,
                    enrollment,
                    version=enrollment.version,
                    end_date=row.end_date,
                    exit_reason=row.exit_reason,
                )
            self.written_enrollments.add((row.ref, row.project))
            return "created"
        changed = self._update_enrollment(existing, row, org, coordinator, need_group)
        self.written_enrollments.add((row.ref, row.project))
        return self._outcome(False, changed)

    def _needs_partner(self, project, org):
        """Whether ``org`` is neither owner nor partner of ``project`` (asked once per pair)."""
        key = (project.pk, org.pk)
        if key not in self._partner_checked:
            self._partner_checked[key] = (
                org.pk != project.owner_id and not project.partners.filter(pk=org.pk).exists()
            )
        needs = self._partner_checked[key]
        self._partner_checked[key] = False  # added below, or already in the project
        return needs

    def _update_enrollment(self, enrollment, row, org, coordinator, need_group):
        if enrollment.organization_id != org.pk:
            raise ActionError(
                {
                    "organization": [
                        _(
                            "Inskrivningen finns redan i Stegvis, gjord av %(org)s. Inskrivande organisation kan inte ändras "
                            "genom import."
                        )
                        % {"org": enrollment.organization.name}
                    ]
                }
            )
        changed = False
        fields = {}
        if row.referrer and row.referrer != enrollment.referrer:
            fields["referrer"] = row.referrer
        if need_group is not None and need_group.pk != enrollment.need_group_id:
            fields["need_group"] = need_group
        if fields:
            person_actions.update_enrollment(self.user, enrollment, version=enrollment.version, **fields)
            changed = True
        if coordinator is not None and coordinator.pk != enrollment.coordinator_id:
            person_actions.change_coordinator(
                self.user, enrollment, coordinator=coordinator, version=enrollment.version
            )
            changed = True
        if row.end_date:
            if enrollment.end_date is None:
                person_actions.register_exit(
                    self.user,
                    enrollment,
                    version=enrollment.version,
                    end_date=row.end_date,
                    exit_reason=row.exit_reason,
                )
                changed = True
            elif (enrollment.end_date, enrollment.exit_reason) != (row.end_date, row.exit_reason):
                raise ActionError(
                    {
                        "end_date": [
                            _(
                                "Inskrivningen är redan avslutad i Stegvis den %(date)s med orsaken %(reason)s. Ett avslut "
                                "rättas i Stegvis, inte genom import."
                            )
                            % {"date": enrollment.end_date, "reason": enrollment.get_exit_reason_display()}
                        ]
                    }
                )
        return changed

    def _enrollments_of(self, ref, project):
        """The enrolments in ``project`` of the participant with ``ref``, or ``None`` if it was left out.

        A participant of the file is the person written for it; otherwise the person whose reference
        in the organisation that made the enrolment is ``ref`` (the reference is that organisation's).
        """
        if ref in self.person_of_ref:
            return list(
                Enrollment.objects.filter(person=self.person_of_ref[ref], project=project).order_by(
                    "start_date"
                )
            )
        if ref in self.file_keys["participants"]:
            return None
        return list(
            Enrollment.objects.filter(
                project=project, person__refs__ref=ref, person__refs__organization=F("organization")
            )
            .distinct()
            .order_by("start_date")
        )

    def _write_measurement(self, group):
        ref, project_code, instrument_code, respondent, date = group.key
        project = self._project(project_code)
        enrollments = self._enrollments_of(ref, project) if project is not None else None
        if enrollments is None:
            return None
        covering = [
            e for e in enrollments if e.start_date <= date and (e.end_date is None or date <= e.end_date)
        ]
        if not covering:
            if self._enrollment_pairs is None:  # once, not once per measurement
                self._enrollment_pairs = {(r.ref, r.project) for r in self.all_rows["enrollments"]}
            pairs_in_file = self._enrollment_pairs
            if (ref, project_code) in pairs_in_file and (ref, project_code) not in self.written_enrollments:
                return None  # its enrolment row is wrong and already reported
            if not enrollments:
                raise ActionError(
                    {
                        "participant_ref": [
                            _('Deltagaren "%(ref)s" har ingen inskrivning i projektet %(project)s.')
                            % {"ref": ref, "project": project_code}
                        ]
                    }
                )
            periods = ", ".join(f"{e.start_date} – {e.end_date or _('pågår')}" for e in enrollments)
            raise ActionError(
                {
                    "date": [
                        _(
                            "Datumet %(date)s ligger inte inom någon av deltagarens inskrivningar i projektet %(project)s "
                            "(%(periods)s)."
                        )
                        % {"date": date, "project": project_code, "periods": periods}
                    ]
                }
            )
        enrollment = covering[0]
        answers = group.answers()
        existing = (
            Measurement.objects.filter(
                enrollment=enrollment, instrument__code=instrument_code, respondent=respondent, date=date
            )
            .order_by("-instrument__version")
            .first()
        )
        if existing is None:
            progression_actions.record_measurement(
                self.user,
                enrollment,
                self.instruments[instrument_code],
                respondent=respondent,
                date=date,
                answers=answers,
                source=Source.IMPORT,
            )
            return "created"
        current = dict(existing.answers.filter(value__isnull=False).values_list("item__code", "value"))
        if all(current.get(code) == value for code, value in answers.items()):
            return "unchanged"
        progression_actions.update_measurement(self.user, existing, version=existing.version, answers=answers)
        return "updated"

    def _write_language_level(self, row):
        if row.ref in self.person_of_ref:
            person = self.person_of_ref[row.ref]
        elif row.ref in self.file_keys["participants"]:
            return None
        else:
            person = Person.objects.filter(pk=next(iter(self.db_refs[row.ref].values()))).first()
        if person is None:
            return None
        existing = LanguageLevel.objects.filter(person=person, framework=row.framework, date=row.date).first()
        if existing is not None:
            if existing.level == row.level:
                return "unchanged"
            raise ActionError(
                {
                    "level": [
                        _(
                            "Deltagaren har redan nivån %(level)s i %(framework)s det datumet i Stegvis. En registrerad nivå "
                            "rättas i Stegvis, inte genom import."
                        )
                        % {"level": existing.level, "framework": row.framework}
                    ]
                }
            )
        progression_actions.record_language_level(
            self.user,
            person,
            date=row.date,
            framework=row.framework,
            level=row.level,
        )
        return "created"
