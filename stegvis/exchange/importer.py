"""The importer of the exchange format: one module used by the ``stegvis import`` command and the page.

An import runs in two passes over the same tables:

1. **Check.** Every row is checked on its own (:mod:`stegvis.exchange.validation`), then against
   the other files and the database (codes, usernames, references, duplicates).
2. **Write.** Inside one ``transaction.atomic()`` the valid rows are written by set: decided in
   memory against what a few queries read, new rows that pass every check of their action
   written together (:mod:`stegvis.exchange.bulk`, the same rows and audit entries the actions
   write), and the rest (changes of what Stegvis has, rows an action may refuse) through the
   actions the pages use, row by row. An :class:`ActionError` from an action becomes an error
   row at the file, line and column of the field it names.

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
- **The exporter's references.** An exported participant_ref is the person's reference in the
  organisation of their first enrolment (or ``stegvis-<id>``) on every enrolment row of theirs; an
  organisation without that reference, whose enrolment of the person is already there, is matched
  to the person without adding it (:meth:`Importer._known_by_enrolment`).
- **Measurements.** The rows with the same participant, project, instrument, respondent and date
  are one measurement, of the person's enrolment in that project that covers the date (or, for a
  date after an exit, the one that started last before it: Stegvis keeps such measurements and
  the exporter writes them), on the
  newest active version of the instrument. One that is already there is the same measurement
  (matched by instrument code, any version): its answers are corrected where the file differs,
  and an answer without a row is left as it is (a missing row never erases).
- **Language levels** are facts on a date: one already registered with another level on the same
  date is an error, corrected in Stegvis.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import DatabaseError, OperationalError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, acting_user, scope_of
from stegvis.core.database import is_busy
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.exchange import bulk, readers, validation
from stegvis.exchange.progress import Progress
from stegvis.exchange.readers import Problem
from stegvis.organizations import actions as org_actions
from stegvis.organizations.models import Organization, Project
from stegvis.participants import actions as person_actions
from stegvis.participants import exit_reasons, rules
from stegvis.participants.ages import age_on
from stegvis.participants.models import Enrollment, ParticipantRef, Person, ProjectExitReason
from stegvis.progression import actions as progression_actions
from stegvis.progression.models import Answer, Instrument, LanguageLevel, Measurement

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
    """Import ``(filename, content)`` pairs, e.g. the files of an upload.

    ``progress`` is a function ``callback(stage, done, total, errors)``, called a few times a
    second with the stage ``"check"`` or ``"write"`` (:mod:`stegvis.exchange.progress`); ``True``
    draws a bar on standard error, ``False`` reports nothing.
    """
    return Importer(sources, user=user, dry_run=dry_run, progress=progress).run()


# How many values one ``IN (...)`` of the checks passes: all of a big file's references at once
# would be more parameters than SQLite allows (250 000, or 32 766 in some builds).
IN_CHUNK = 10_000


# The participant_ref the exporter writes for a person without a reference (exporter.generated_ref).
_GENERATED_REF = re.compile(r"^stegvis-(\d{1,18})$")


def _chunks(values):
    values = sorted(values)
    for start in range(0, len(values), IN_CHUNK):
        yield values[start : start + IN_CHUNK]


@dataclass(slots=True)
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


@dataclass(slots=True)
class _Known:
    """What the write needs of a matched or created person: its key and what an enrolment copies.

    Kept instead of the ``Person`` (some forty fields): a large file has a hundred thousand.
    """

    pk: int
    gender: str
    education_level: int | None
    birth_date: datetime.date | None
    birth_year: int

    @classmethod
    def of(cls, person):
        return cls(person.pk, person.gender, person.education_level, person.birth_date, person.birth_year)

    def age_on(self, day):
        """What ``Person.age_on`` says, for the enrolment's stored age at its start."""
        return age_on(self.birth_date, self.birth_year, day)


@dataclass(slots=True)
class _Period:
    """An enrolment written by this import, as the checks of later rows need it."""

    start_date: datetime.date
    end_date: datetime.date | None


@dataclass(slots=True)
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
        self.progress = Progress.of(progress)
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
        self.person_of_ref = {}  # participant_ref (from participants file) -> _Known
        self._partner_checked = {}
        self.instruments = {}  # code -> newest active Instrument, with its items prefetched
        self.measurement_groups = []
        self.written_enrollments = set()  # (participant_ref, project) of enrolment rows written
        self._dropped = {}  # kind -> ids of rows left out, applied once per check
        self._enrollment_pairs: set | None = None  # (participant_ref, project) of every enrolment row
        # New rows are written by set (stegvis.exchange.bulk) when the one importing may change
        # everything; otherwise persons, enrolments and levels go through the actions, row by row.
        self.by_set = user is None or scope_of(user).is_admin
        self.new_person_ids = set()
        self.exported_refs = set()  # (organization code, ref) matched by _known_by_enrolment
        self.new_enrollment_ids = set()
        self._need_groups = {}
        self._exit_reasons = {}  # (project id, label folded) -> ProjectExitReason
        self._item_maps = {}
        self._refused_files = set()  # kinds whose new rows the database refused (see _bulk)

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
        finally:
            self.progress.close()
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
        self.progress.start(
            "check", sum(t.row_count for t in tables.values()), errors=self.result.errors.total
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
                    self.progress.step(errors=self.result.errors.total)
                    self.all_rows[kind].append(parsed)
                    if not problems:
                        self.rows[kind].append(parsed)
            except readers.ReadError as exc:  # the file changed or broke since it was first read
                self.result.errors.append(Problem(table.filename, None, "", str(exc)))
        self.progress.finish(errors=self.result.errors.total)
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
        self._known_by_enrolment(enrollments)
        instrument_codes = {r.instrument for r in measurements if r.instrument}
        # Newest version first, so the first one seen per code is the one answers are recorded on.
        for instrument in (
            Instrument.objects.filter(code__in=instrument_codes, is_active=True)
            .order_by("code", "-version")
            .prefetch_related("items")
        ):
            self.instruments.setdefault(instrument.code, instrument)

    def _known_by_enrolment(self, enrollments):
        """References the exporter wrote for a person, though the organisation has no such reference.

        An exported participant_ref is the person's reference in the organisation of their first
        enrolment in the project (or ``stegvis-<id>`` without one), and every enrolment row of the
        person carries it, whichever organisation made the enrolment. Such a reference names the
        person it was written for, not a new reference of the organisation, when that person (by
        another organisation's reference, or by the id in ``stegvis-<id>``) already has the row's
        enrolment: the same project, organisation and start date. It is then matched to the person
        and not added as a reference, so an unchanged export imports back unchanged.
        """
        candidates = {}  # (organization code, ref) -> {person id, ...}
        for row in enrollments:
            if not (row.ref and row.organization and row.project and row.start_date):
                continue
            if row.organization in self.db_refs.get(row.ref, {}):
                continue
            ids = set(self.db_refs.get(row.ref, {}).values())
            generated = _GENERATED_REF.match(row.ref)
            if generated:
                ids.add(int(generated.group(1)))
            if ids:
                candidates.setdefault((row.organization, row.ref), set()).update(ids)
        if not candidates:
            return
        ids = {pk for found in candidates.values() for pk in found}
        held = {
            (person_id, project, org, start)
            for chunk in _chunks(ids)
            for person_id, project, org, start in Enrollment.objects.filter(person_id__in=chunk).values_list(
                "person_id", "project__code", "organization__code", "start_date"
            )
        }
        for row in enrollments:
            found = candidates.get((row.organization, row.ref))
            if not found:
                continue
            matches = {pk for pk in found if (pk, row.project, row.organization, row.start_date) in held}
            if len(matches) == 1:
                self.db_refs.setdefault(row.ref, {})[row.organization] = matches.pop()
                self.exported_refs.add((row.organization, row.ref))

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
        # The groups hold the rows from here on.
        self.rows["measurements"] = self.all_rows["measurements"] = []

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
        kinds = ("organizations", "projects", "enrollments", "language_levels")
        total = sum(len(self.rows[k]) for k in kinds) + len(self.groups) + len(self.measurement_groups)
        self.progress.start("write", total)
        try:
            for kind, items, write in (
                ("organizations", self.rows["organizations"], self._write_organization),
                ("projects", self.rows["projects"], self._write_project),
            ):
                self._write_each(kind, items, write)
            if self.by_set:
                self._write_persons_by_set()
            else:
                self._write_each("participants", self.groups, self._write_person)
            # Written: from here the persons are known by reference (person_of_ref), and what
            # the checks held of the participants' rows is let go (a large file has many).
            self.groups, self.group_of_ref = [], {}
            self.rows["participants"] = self.all_rows["participants"] = []
            if self.by_set:
                self._write_enrollments_by_set()
            else:
                self._write_each("enrollments", self.rows["enrollments"], self._write_enrollment)
            self._write_measurements_by_set()
            self.measurement_groups = []
            if self.by_set:
                self._write_levels_by_set()
            else:
                self._write_each("language_levels", self.rows["language_levels"], self._write_language_level)
        finally:
            self.progress.finish(errors=self.result.errors.total)

    def _write_each(self, kind, items, write):
        """One action per row (the way for a few rows, and for what changes something Stegvis has)."""
        for item in items:
            self._guarded(kind, item, write)
            self.progress.step(errors=self.result.errors.total)

    def _bulk(self, kind, create, new):
        """Write the new rows of a file together, in a savepoint of their own.

        Every check of the actions was made before, so the database refusing them is not a
        row's fault that can be pointed at: it is reported once, for the file, and nothing is saved.
        A large file is written a batch at a time; after one batch is refused, the file's later
        batches are not tried (the import is rolled back anyway), so the error stays one.
        """
        if not new or kind in self._refused_files:
            return
        try:
            with transaction.atomic():
                create(self.user, new)
        except DatabaseError as exc:
            if is_busy(exc):
                raise
            self._refused_files.add(kind)
            self.error(
                kind,
                None,
                "",
                _(
                    "Raderna gick inte att spara. Kontrollera att uppgifterna inte krockar "
                    "med varandra eller med det som redan finns i Stegvis."
                ),
            )

    def _count(self, kind, outcome, n=1):
        if not n:
            return
        counts = self.result.counts[self.tables[kind].filename]
        setattr(counts, outcome, getattr(counts, outcome) + n)

    def _refused(self, kind, item, exc):
        """An :class:`ActionError` found without calling the action: reported as the action's would be."""
        row = item.first if isinstance(item, (_PersonGroup, _MeasurementGroup)) else item
        self._action_errors(kind, item if isinstance(item, _MeasurementGroup) else row, exc)
        self._mark_failed(kind, item)

    # --- writing by set --------------------------------------------------------------------------
    #
    # Each file is decided row by row in memory, against what was read from the database in a few
    # queries: new rows that pass every check of their action are written together
    # (stegvis.exchange.bulk), unchanged rows are counted, and the rest (a change of something
    # Stegvis has, a row an action refuses) go through the action afterwards, in line order, as
    # before. Rows that affect each other (the enrolments of one person in one project) never
    # take different ways out of order: once one of them needs the action, the later ones do too.

    def _load_persons(self, ids):
        return {p.pk: p for chunk in _chunks(ids) for p in Person.objects.filter(pk__in=chunk)}

    def _write_persons_by_set(self):
        numbers = {g.number.number for g in self.groups if g.number is not None}
        by_number = {
            number: pk
            for chunk in _chunks(numbers)
            for number, pk in Person.objects.filter(personnummer__in=chunk).values_list("personnummer", "pk")
        }
        plans = []
        for group in self.groups:
            pairs = [(code, row.ref) for row in group.rows for code in self.ref_orgs.get(row.ref, [])]
            found = {self.db_refs[ref][code] for code, ref in pairs if code in self.db_refs.get(ref, {})}
            if group.number is not None and group.number.number in by_number:
                found.add(by_number[group.number.number])
            plans.append((group, pairs, found))
        existing = self._load_persons({pk for _g, _p, found in plans if len(found) == 1 for pk in found})
        new, later = [], []
        for group, pairs, found in plans:
            self.progress.step(errors=self.result.errors.total)
            orgs = [(self._org(code), ref) for code, ref in pairs]
            if not orgs or any(org is None for org, _ref in orgs):
                continue  # skipped, as the action would be: the reason is reported elsewhere
            if len(found) == 1:
                person = existing[next(iter(found))]
                errors, identity, changes = self._person_changes(
                    person, group.number, group.protected, group.fields()
                )
                refs_known = all(code in self.db_refs.get(ref, {}) for code, ref in pairs)
                if not errors and not identity and not changes and refs_known:
                    self._remember(group, person)
                    self._count("participants", "unchanged")
                    continue
            if found:
                later.append(group)
                continue
            number, protected = group.number, group.protected
            person = Person(registered_by=orgs[0][0], **group.fields())
            if number is not None:
                person.birth_date = number.birth_date
                person.birth_year = number.birth_date.year
                person.personnummer = None if protected else number.number
            person.protected_identity = bool(protected)
            new.append((group, bulk.NewPerson(person, orgs)))
            if len(new) >= bulk.CHUNK:
                self._write_new_persons(new)
                new = []
        self._write_new_persons(new)
        for group in later:
            self._guarded("participants", group, self._write_person)

    def _write_new_persons(self, new):
        """Write a batch as it fills and keep only the keys: the persons are let go once written."""
        self._bulk("participants", bulk.create_persons, [n for _group, n in new])
        for group, n in new:
            self._remember(group, n.person)
            self.new_person_ids.add(n.person.pk)
        self._count("participants", "created", len(new))

    def _need_group(self, project, name):
        key = (project.pk, name)
        if key not in self._need_groups:
            self._need_groups[key] = person_actions.need_group_named(project, name)
        return self._need_groups[key]

    def _own_exit_reason(self, project, row):
        """The project's own reason the row names (made when missing), or ``None`` when it names none.

        A reason is named by its label (or code). One the project lacks is added, counting as the
        row's standard reason; one it has must count as that reason, or the row is refused.
        """
        if not row.project_exit_reason or not row.end_date:
            return None
        key = (project.pk, row.project_exit_reason.casefold())
        if key not in self._exit_reasons:
            self._exit_reasons[key] = next(
                (
                    r
                    for r in ProjectExitReason.objects.filter(project=project)
                    if row.project_exit_reason.casefold() in (r.label.casefold(), r.code)
                ),
                None,
            )
        reason = self._exit_reasons[key]
        if reason is None:
            reason = exit_reasons.add_exit_reason(
                self.user, project, label=row.project_exit_reason, standard_reason=row.exit_reason
            )
            self._exit_reasons[key] = reason
            self.result.notes.append(
                _("Avslutsorsaken %(label)s lades till i projektet %(project)s, räknad som %(reason)s.")
                % {
                    "label": reason.label,
                    "project": project.name,
                    "reason": reason.get_standard_reason_display(),
                }
            )
        elif reason.standard_reason != row.exit_reason:
            raise ActionError(
                {
                    "project_exit_reason": [
                        _(
                            "Projektets avslutsorsak %(label)s räknas som %(standard)s, men raden har "
                            "avslutsorsaken %(reason)s."
                        )
                        % {
                            "label": reason.label,
                            "standard": reason.standard_reason,
                            "reason": row.exit_reason,
                        }
                    ]
                }
            )
        return reason

    def _write_enrollments_by_set(self):
        rows = self.rows["enrollments"]
        db_ids = {
            self.db_refs[r.ref][r.organization]
            for r in rows
            if r.ref not in self.person_of_ref and r.organization in self.db_refs.get(r.ref, {})
        }
        db_persons = {
            values[0]: _Known(*values)
            for chunk in _chunks(db_ids)
            for values in Person.objects.filter(pk__in=chunk).values_list(
                "pk", "gender", "education_level", "birth_date", "birth_year"
            )
        }
        known = {p.pk for p in self.person_of_ref.values()} | db_ids
        known -= self.new_person_ids
        by_key = {}  # (person id, project id) -> [Enrollment, ...]
        for chunk in _chunks(known):
            for e in Enrollment.objects.filter(person_id__in=chunk).order_by("start_date", "pk"):
                by_key.setdefault((e.person_id, e.project_id), []).append(e)
        today = datetime.date.today()
        new, later, by_action = [], [], set()
        for row in rows:
            self.progress.step(errors=self.result.errors.total)
            if row.ref in self.person_of_ref:
                person = self.person_of_ref[row.ref]
            elif row.ref in self.file_keys["participants"]:
                continue  # the participant row failed; its error is reported
            else:
                person = db_persons.get(self.db_refs.get(row.ref, {}).get(row.organization))
            project, org = self._project(row.project), self._org(row.organization)
            if person is None or project is None or org is None:
                continue
            key = (person.pk, project.pk)
            if key in by_action:
                later.append(row)
                continue
            if self._needs_partner(project, org) and person_actions.add_project_partner(
                self.user, project, organization=org
            ):
                self.result.notes.append(
                    _("%(org)s lades till som samverkanspart i projektet %(project)s.")
                    % {"org": org.name, "project": project.name}
                )
            coordinator = self.users.get(row.coordinator) if row.coordinator else None
            need_group = self._need_group(project, row.need_group) if row.need_group else None
            others = by_key.setdefault(key, [])
            same = next(
                (e for e in others if isinstance(e, Enrollment) and e.start_date == row.start_date), None
            )
            if same is not None:
                if self._enrollment_unchanged(same, row, org, coordinator, need_group):
                    self._count("enrollments", "unchanged")
                    self.written_enrollments.add((row.ref, row.project))
                    continue
            elif not (
                rules.project_period_error(project, row.start_date)
                or (row.end_date and rules.exit_date_error(row.end_date, today=today))
                or any(
                    rules.periods_overlap(row.start_date, row.end_date, e.start_date, e.end_date)
                    for e in others
                )
            ):
                enrollment = Enrollment(
                    person_id=person.pk,
                    project=project,
                    organization=org,
                    start_date=row.start_date,
                    age_at_start=person.age_on(row.start_date),
                    coordinator=coordinator,
                    gender=person.gender,
                    referrer=row.referrer or "",
                    need_group=need_group,
                    education_level_start=person.education_level,
                )
                if row.end_date:
                    try:
                        own_reason = self._own_exit_reason(project, row)
                    except ActionError:
                        by_action.add(key)  # the action path reports it at the row
                        later.append(row)
                        continue
                    enrollment.end_date, enrollment.exit_reason = row.end_date, row.exit_reason
                    enrollment.project_exit_reason = own_reason
                    enrollment.next_actor = row.next_actor or ""
                    enrollment.version = 2  # saved once more by register_exit
                others.append(_Period(row.start_date, row.end_date))
                new.append(
                    bulk.NewEnrollment(enrollment, project.code, org.code, coordinator, row.other_outcomes)
                )
                self.written_enrollments.add((row.ref, row.project))
                if len(new) >= bulk.CHUNK:
                    self._write_new_enrollments(new)
                    new = []
                continue
            by_action.add(key)
            later.append(row)
        self._write_new_enrollments(new)
        for row in later:
            self._guarded("enrollments", row, self._write_enrollment)

    def _write_new_enrollments(self, new):
        """Write a batch as it fills, so a large file's enrolments are never all in memory at once."""
        self._bulk("enrollments", bulk.create_enrollments, new)
        self.new_enrollment_ids.update(n.enrollment.pk for n in new)
        self._count("enrollments", "created", len(new))

    @staticmethod
    def _enrollment_unchanged(enrollment, row, org, coordinator, need_group):
        """Whether the row says nothing :meth:`_update_enrollment` would change (or refuse)."""
        return (
            enrollment.organization_id == org.pk
            and not (row.referrer and row.referrer != enrollment.referrer)
            and not (need_group is not None and need_group.pk != enrollment.need_group_id)
            and not (coordinator is not None and coordinator.pk != enrollment.coordinator_id)
            and not (
                row.end_date
                and (enrollment.end_date, enrollment.exit_reason) != (row.end_date, row.exit_reason)
            )
        )

    def _measurement_enrollments(self):
        """``{(participant_ref, project code): [(id, person id, start, end), ...]}`` by start date."""
        groups = self.measurement_groups
        projects = {code: self._project(code) for code in {g.key[1] for g in groups}}
        project_ids = [p.pk for p in projects.values() if p is not None]
        code_of = {p.pk: code for code, p in projects.items() if p is not None}
        found = {}
        file_refs = {g.key[0] for g in groups if g.key[0] in self.person_of_ref}
        ref_of = {self.person_of_ref[ref].pk: ref for ref in file_refs}
        values = ("pk", "person_id", "project_id", "start_date", "end_date")
        for chunk in _chunks(ref_of):
            for pk, person_id, project_id, start, end in Enrollment.objects.filter(
                person_id__in=chunk, project_id__in=project_ids
            ).values_list(*values):
                found.setdefault((ref_of[person_id], code_of[project_id]), []).append(
                    (pk, person_id, start, end)
                )
        db_refs = {g.key[0] for g in groups} - file_refs - self.file_keys["participants"]
        for chunk in _chunks(db_refs):
            rows = (
                Enrollment.objects.filter(
                    project_id__in=project_ids,
                    person__refs__ref__in=chunk,
                    person__refs__organization=F("organization"),
                )
                .values_list(*values, "person__refs__ref")
                .distinct()
            )
            for pk, person_id, project_id, start, end, ref in rows:
                found.setdefault((ref, code_of[project_id]), []).append((pk, person_id, start, end))
        exported = {}  # person id -> {(organization code, ref), ...}
        for code, ref in self.exported_refs:
            if ref in db_refs:
                exported.setdefault(self.db_refs[ref][code], set()).add((code, ref))
        for chunk in _chunks(exported):
            for pk, person_id, project_id, start, end, code in Enrollment.objects.filter(
                person_id__in=chunk, project_id__in=project_ids
            ).values_list(*values, "organization__code"):
                for org, ref in exported[person_id]:
                    if org == code:
                        found.setdefault((ref, code_of[project_id]), []).append((pk, person_id, start, end))
        for enrollments in found.values():
            enrollments.sort(key=lambda e: (e[2], e[0]))
        return found

    def _measurement_enrollment(self, group, enrollments):
        """The enrolment a measurement belongs to, ``None`` to leave it out quietly, or ActionError.

        The one that covers its date; else, for a date after an exit, the enrolment that ended
        last before it (Stegvis keeps a measurement whose enrolment was later ended at an earlier
        date, and the exporter writes it). A date before every enrolment is an error.
        """
        ref, project_code, _instrument, _respondent, date = group.key
        covering = [e for e in enrollments if e[2] <= date and (e[3] is None or date <= e[3])]
        if covering:
            return covering[0]
        started = [e for e in enrollments if e[2] <= date]
        if started:
            return started[-1]
        if self._enrollment_pairs is None:  # once, not once per measurement
            self._enrollment_pairs = {(r.ref, r.project) for r in self.all_rows["enrollments"]}
        if (ref, project_code) in self._enrollment_pairs and (
            ref,
            project_code,
        ) not in self.written_enrollments:
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
        periods = ", ".join(f"{e[2]} – {e[3] or _('pågår')}" for e in enrollments)
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

    def _write_measurements_by_set(self):
        groups = self.measurement_groups
        if not groups:
            return
        enrollments_of = self._measurement_enrollments()
        targets = []
        for group in groups:
            ref, project_code = group.key[0], group.key[1]
            if self._project(project_code) is None:
                targets.append(None)
                continue
            if ref not in self.person_of_ref and ref in self.file_keys["participants"]:
                targets.append(None)
                continue
            try:
                targets.append(
                    self._measurement_enrollment(group, enrollments_of.get((ref, project_code), []))
                )
            except ActionError as exc:
                self._refused("measurements", group, exc)
                targets.append(None)
        ids = {t[0] for t in targets if t is not None} - self.new_enrollment_ids
        codes = {g.key[2] for g in groups}
        existing = {}  # (enrolment id, instrument code, respondent, date) -> (version, measurement id)
        for chunk in _chunks(ids):
            for pk, enrollment_id, code, version, respondent, date in Measurement.objects.filter(
                enrollment_id__in=chunk, instrument__code__in=codes
            ).values_list(
                "pk", "enrollment_id", "instrument__code", "instrument__version", "respondent", "date"
            ):
                key = (enrollment_id, code, respondent, date)
                if key not in existing or existing[key][0] < version:
                    existing[key] = (version, pk)
        matched = {}
        for group, target in zip(groups, targets, strict=True):
            if target is not None:
                key = (target[0], group.key[2], group.key[3], group.key[4])
                if key in existing:
                    matched[id(group)] = existing[key][1]
        current = {}
        for chunk in _chunks(set(matched.values())):
            for measurement_id, code, value in Answer.objects.filter(
                measurement_id__in=chunk, value__isnull=False
            ).values_list("measurement_id", "item__code", "value"):
                current.setdefault(measurement_id, {})[code] = value
        allowed = None
        if self.user is not None and not scope_of(self.user).is_admin:
            wanted = {t[0] for t in targets if t is not None}
            allowed = {
                pk
                for chunk in _chunks(wanted)
                for pk in Enrollment.objects.restrict(self.user, CHANGE)
                .filter(pk__in=chunk)
                .values_list("pk", flat=True)
            }
        today = datetime.date.today()
        new, later = [], []
        for group, target in zip(groups, targets, strict=True):
            self.progress.step(errors=self.result.errors.total)
            if target is None:
                continue
            answers = group.answers()
            measurement_id = matched.get(id(group))
            if measurement_id is not None:
                have = current.get(measurement_id, {})
                if all(have.get(code) == value for code, value in answers.items()):
                    self._count("measurements", "unchanged")
                else:
                    later.append((group, measurement_id))
                continue
            if allowed is not None and target[0] not in allowed:
                self._refused("measurements", group, NotAllowed())
                continue
            date = group.key[4]
            if date > today:
                self._refused(
                    "measurements", group, ActionError({"date": [_("Datumet kan inte vara i framtiden.")]})
                )
                continue
            instrument = self.instruments[group.key[2]]
            items = self._items(instrument)
            new.append(
                bulk.NewMeasurement(
                    target[0],
                    target[1],
                    instrument,
                    group.key[3],
                    date,
                    {items[code]: value for code, value in answers.items()},
                )
            )
            if len(new) >= bulk.CHUNK:  # written as the batch fills, as the enrolments are
                self._bulk("measurements", bulk.create_measurements, new)
                self._count("measurements", "created", len(new))
                new = []
        self._bulk("measurements", bulk.create_measurements, new)
        self._count("measurements", "created", len(new))
        for group, measurement_id in later:
            self._guarded("measurements", group, lambda g, pk=measurement_id: self._update_measurement(g, pk))

    def _items(self, instrument):
        if instrument.pk not in self._item_maps:
            self._item_maps[instrument.pk] = {item.code: item for item in instrument.items.all()}
        return self._item_maps[instrument.pk]

    def _update_measurement(self, group, measurement_id):
        existing = Measurement.objects.select_related("enrollment", "instrument").get(pk=measurement_id)
        progression_actions.update_measurement(
            self.user, existing, version=existing.version, answers=group.answers()
        )
        return "updated"

    def _write_levels_by_set(self):
        rows = self.rows["language_levels"]
        person_of = {}
        for row in rows:
            if row.ref in self.person_of_ref:
                person_of[id(row)] = self.person_of_ref[row.ref].pk
            elif row.ref not in self.file_keys["participants"]:
                person_of[id(row)] = next(iter(self.db_refs[row.ref].values()))
        have = {}
        ids = set(person_of.values()) - self.new_person_ids
        for chunk in _chunks(ids):
            for person_id, framework, date, level in LanguageLevel.objects.filter(
                person_id__in=chunk
            ).values_list("person_id", "framework", "date", "level"):
                have[(person_id, framework, date)] = level
        today = datetime.date.today()
        staff = acting_user(self.user)
        new = []
        for row in rows:
            self.progress.step(errors=self.result.errors.total)
            person_id = person_of.get(id(row))
            if person_id is None:
                continue
            level = have.get((person_id, row.framework, row.date))
            if level is not None:
                if level == row.level:
                    self._count("language_levels", "unchanged")
                else:
                    self._refused("language_levels", row, self._level_conflict(level, row.framework))
                continue
            if row.date > today:
                self._refused(
                    "language_levels",
                    row,
                    ActionError({"date": [_("Ange ett datum som inte är i framtiden.")]}),
                )
                continue
            new.append(
                LanguageLevel(
                    person_id=person_id,
                    date=row.date,
                    framework=row.framework,
                    level=row.level,
                    registered_by=staff,
                )
            )
        self._bulk("language_levels", bulk.create_language_levels, new)
        self._count("language_levels", "created", len(new))

    @staticmethod
    def _level_conflict(level, framework):
        return ActionError(
            {
                "level": [
                    _(
                        "Deltagaren har redan nivån %(level)s i %(framework)s det datumet i Stegvis. En registrerad nivå "
                        "rättas i Stegvis, inte genom import."
                    )
                    % {"level": level, "framework": framework}
                ]
            }
        )

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
            person = self._person_by_ref(org.code, ref)
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
            if org.code not in self.db_refs.get(ref, {}):
                person_actions.set_participant_ref(self.user, person, organization=org, ref=ref)
                changed = True
        self._remember(group, person)
        return self._outcome(False, changed)

    def _remember(self, group, person):
        known = _Known.of(person)
        for row in group.rows:
            self.person_of_ref[row.ref] = known

    def _update_person(self, person, number, protected, fields):
        """Bring an existing person in line with the filled-in cells; ``True`` if anything changed."""
        errors, identity, changes = self._person_changes(person, number, protected, fields)
        if errors:
            raise ActionError(errors)
        if not changes and not identity:
            return False
        person_actions.update_person(self.user, person, version=person.version, **identity, **changes)
        return True

    @staticmethod
    def _person_changes(person, number, protected, fields):
        """``(errors, identity, changes)``: what the filled-in cells would change on ``person``."""
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
        return errors, identity, changes

    def _person_for(self, row):
        if row.ref in self.person_of_ref:
            return Person.objects.filter(pk=self.person_of_ref[row.ref].pk).first()
        if row.ref in self.file_keys["participants"]:
            return None  # the participant row failed; its error is reported
        return self._person_by_ref(row.organization, row.ref)

    def _person_by_ref(self, code, ref):
        """The person Stegvis had before the import with ``ref`` in organisation ``code`` (or matched
        to it by :meth:`_known_by_enrolment`)."""
        person_id = self.db_refs.get(ref, {}).get(code)
        return None if person_id is None else Person.objects.filter(pk=person_id).first()

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
                self._register_exit(project, enrollment, row)
            self.written_enrollments.add((row.ref, row.project))
            return "created"
        changed = self._update_enrollment(existing, row, org, coordinator, need_group)
        self.written_enrollments.add((row.ref, row.project))
        return self._outcome(False, changed)

    def _register_exit(self, project, enrollment, row):
        person_actions.register_exit(
            self.user,
            enrollment,
            version=enrollment.version,
            end_date=row.end_date,
            exit_reason=row.exit_reason,
            project_exit_reason=self._own_exit_reason(project, row),
            next_actor=row.next_actor or "",
            other_outcomes=row.other_outcomes,
        )

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
                self._register_exit(enrollment.project, enrollment, row)
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

    def _write_language_level(self, row):
        if row.ref in self.person_of_ref:
            person = Person.objects.filter(pk=self.person_of_ref[row.ref].pk).first()
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
            raise self._level_conflict(existing.level, row.framework)
        progression_actions.record_language_level(
            self.user,
            person,
            date=row.date,
            framework=row.framework,
            level=row.level,
        )
        return "created"
