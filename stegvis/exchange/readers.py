"""Reading the files of the exchange format into plain rows, streaming.

Everything that differs between a folder, a .zip, a browser upload, CSV (comma or semicolon,
with or without BOM) and XLSX ends here: the validation and the importer only ever see
:class:`Table` objects whose cells are stripped strings or ``None`` (an empty cell has no value).
Problems found while reading are returned, never raised, so one import reports all of them.

No file is read into memory whole. A source's content is ``bytes``, an open file (an upload,
rewound before each read and left open) or a function that opens one (a file of a folder, a member
of a zip). A table is read twice, row by row: once here, to find what makes it unreadable (not
UTF-8, not CSV, more rows than allowed) before anything is checked, and once more as the importer
checks its rows (:meth:`Table.iter_rows`). The limits (:mod:`stegvis.exchange.limits`) are applied
before a zip or an xlsx is unpacked, and again while it is read.
"""

import contextlib
import csv
import datetime
import io
import itertools
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from stegvis.core.spreadsheet import QUOTE, restore_cell
from stegvis.exchange.limits import CappedStream, ImportLimits, LimitError, check_archive, check_file_size

# The files of the format, in the order they are imported (later files refer to earlier ones).
KNOWN_FILES = ("organizations", "projects", "participants", "enrollments", "measurements", "language_levels")
EXTENSIONS = (".csv", ".xlsx")
# No file of the format has more than a dozen columns; a sheet may claim thousands.
MAX_COLUMNS = 200
# Cells up to this long are shared between rows (``sys.intern``); longer ones are free text.
INTERN_MAX = 40
# A header line longer than this is not a header line.
MAX_HEADER_CHARS = 64 * 1024


@dataclass(frozen=True)
class Problem:
    """One error or warning, pointing at a file, a line (header = line 1) and a column."""

    file: str
    line: int | None
    column: str
    message: str


def reading_order(problem):
    """Problems file by file in import order, then by line, as one reads the files."""
    stem, _ext = split_name(problem.file)
    rank = KNOWN_FILES.index(stem) if stem in KNOWN_FILES else -1
    return rank, problem.line or 0


class ProblemList(list):
    """Problems of an import: every one is counted, only the first ``limit`` are kept.

    "First" is in reading order (:func:`reading_order`), so the list shows the same problems
    whatever order the checks found them in. At most twice the limit is held at any time.
    :attr:`total` is how many there were, :attr:`more` how many are not listed.
    """

    def __init__(self, items=(), *, limit=None):
        super().__init__()
        self.limit = settings.STEGVIS_IMPORT_MAX_ERRORS_SHOWN if limit is None else limit
        self.total = 0
        self.extend(items)

    def append(self, problem):
        self.total += 1
        super().append(problem)
        if len(self) >= 2 * self.limit:
            self._trim()

    def extend(self, problems):
        for problem in problems:
            self.append(problem)

    def sort(self, *, key=reading_order, reverse=False):
        super().sort(key=key, reverse=reverse)
        del self[self.limit :]

    def _trim(self):
        self.sort()

    @property
    def more(self):
        return self.total - len(self)


class Table:
    """One file of the format: its header, and its rows read again each time they are asked for."""

    def __init__(self, kind, filename, *, header=(), content=None, ext=".csv", limits=None):
        self.kind = kind  # one of KNOWN_FILES
        self.filename = filename
        self.header = list(header)
        self.row_count = 0
        self._content = content
        self._ext = ext
        self._limits = limits or ImportLimits.from_settings()

    def iter_rows(self) -> Iterator[tuple[int, dict]]:
        """``(spreadsheet line number, {column: value or None})``; blank lines are left out."""
        if self._content is None:
            return
        with _records(self._content, self._ext, self._limits) as records:
            next(records, None)  # the header, read already
            columns = [(i, column) for i, column in enumerate(self.header) if column]
            for line, values in enumerate(records, start=2):
                n = len(values)  # a short row: the cells it lacks are empty
                cells = {column: _clean(values[i]) if i < n else None for i, column in columns}
                if any(v is not None for v in cells.values()):
                    yield line, cells

    @property
    def rows(self) -> list:
        """Every row at once: for tests and small files."""
        return list(self.iter_rows())


class SourceError(Exception):
    """The path or upload cannot be read at all (not a folder, not a zip, too big ...)."""


@contextlib.contextmanager
def open_content(content):
    """A binary stream over a source's content (see the module's docstring)."""
    if isinstance(content, (bytes, bytearray)):
        yield io.BytesIO(content)
    elif callable(content):
        stream = content()
        try:
            yield stream
        finally:
            stream.close()
    else:
        content.seek(0)
        yield content


def content_size(content) -> int | None:
    if isinstance(content, (bytes, bytearray)):
        return len(content)
    return getattr(content, "size", None)


def sources_from_path(path, limits: ImportLimits | None = None) -> list[tuple[str, object]]:
    """The files of a folder, or of a .zip of one, as ``(name, content)`` pairs (opened when read)."""
    limits = limits or ImportLimits.from_settings()
    path = Path(path)
    if path.is_dir():
        files = [p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".")]
        for p in files:
            _refuse_if_too_big(p.name, p.stat().st_size, limits)
        return [(p.name, lambda p=p: p.open("rb")) for p in files]
    if path.is_file() and path.suffix.lower() == ".zip":
        _refuse_if_too_big(path.name, path.stat().st_size, limits)
        # The archive keeps the file open for as long as its members are read.
        return sources_from_zip(path.open("rb"), limits)
    if not path.exists():
        raise SourceError(_("Hittar inte %(path)s.") % {"path": path})
    raise SourceError(_("Ange en mapp eller en .zip-fil med filerna."))


def _refuse_if_too_big(name, size, limits):
    try:
        check_file_size(size, limits)
    except LimitError as exc:
        raise SourceError(f"{name}: {exc}") from None


def sources_from_zip(content, limits: ImportLimits | None = None) -> list[tuple[str, object]]:
    """The files in a zip: at its top level, or inside the one folder it holds.

    ``content`` is the zip's bytes or an open, seekable file. The zip is refused from its table of
    contents (:func:`~stegvis.exchange.limits.check_archive`) before anything is unpacked, and each
    member is unpacked only as it is read, never beyond its declared size.
    Archives made by macOS carry ``__MACOSX`` and dot files; those are not data.
    """
    limits = limits or ImportLimits.from_settings()
    try:
        check_file_size(content_size(content), limits)
    except LimitError as exc:
        raise SourceError(str(exc)) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(content) if isinstance(content, (bytes, bytearray)) else content)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SourceError(_("Zip-filen går inte att öppna. Är den hel?")) from None
    try:
        check_archive(archive, limits)
    except LimitError as exc:
        raise SourceError(str(exc)) from None
    files = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        parts = PurePosixPath(info.filename).parts
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            continue
        files.append((parts, info))
    depths = {len(parts) for parts, _info in files}
    folders = {parts[0] for parts, _info in files if len(parts) > 1}
    if not (depths == {2} and len(folders) == 1):
        files = [(parts, info) for parts, info in files if len(parts) == 1]
    return [(parts[-1], _member_opener(archive, info)) for parts, info in files]


def _member_opener(archive, info):
    def open_member():
        return io.BufferedReader(CappedStream(archive.open(info), info.file_size))

    return open_member


def read_tables(sources, limits: ImportLimits | None = None) -> tuple[dict, list, list]:
    """Find the tables among ``(name, content)`` pairs: ``(tables, errors, warnings)``.

    Each table is read through once here, row by row, so a file that cannot be read (or is too
    big) is an error before any row is checked; its rows are read again by :meth:`Table.iter_rows`.
    """
    limits = limits or ImportLimits.from_settings()
    tables, errors, warnings = {}, [], []
    seen: dict[str, str] = {}
    for name, content in sources:
        stem, ext = split_name(name)
        if stem not in KNOWN_FILES or ext not in EXTENSIONS:
            warnings.append(
                Problem(
                    name,
                    None,
                    "",
                    _(
                        "Filen hör inte till utbytesformatet och läses inte in. Kända filer: %(files)s (.csv eller .xlsx)."
                    )
                    % {"files": ", ".join(KNOWN_FILES)},
                )
            )
            continue
        if stem in seen:
            errors.append(
                Problem(
                    name,
                    None,
                    "",
                    _("Både %(a)s och %(b)s finns. Ta bort den ena så att det är tydligt vilken som gäller.")
                    % {"a": seen[stem], "b": name},
                )
            )
            continue
        seen[stem] = name
        try:
            check_file_size(content_size(content), limits)
            table = _scan(Table(stem, name, content=content, ext=ext, limits=limits))
        except (ReadError, LimitError) as exc:
            errors.append(Problem(name, None, "", str(exc)))
            continue
        tables[stem] = table
    return tables, errors, warnings


def _scan(table: Table) -> Table:
    """Read the header and count the rows, refusing a file that cannot be read or has too many."""
    limits = table._limits
    with _records(table._content, table._ext, limits) as records:
        header = next(records, None)
        if header is None or not any(cell not in (None, "") and str(cell).strip() for cell in header):
            raise ReadError(_("Filen är tom: första raden ska vara rubrikraden med kolumnnamnen."))
        table.header = [("" if cell is None else str(cell)).strip().lower() for cell in header]
        for count, _values in enumerate(records, start=1):
            if count > limits.max_rows:
                raise ReadError(
                    _(
                        "Filen har fler än %(max)s rader under rubrikraden. Så många kan inte läsas in på en gång: "
                        "dela upp filen och importera delarna var för sig."
                    )
                    % {"max": f"{limits.max_rows:,}".replace(",", " ")}
                )
            table.row_count = count
    return table


def split_name(name):
    """``("participants", ".csv")`` for ``"Participants.CSV"``."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.stem.strip().lower(), path.suffix.lower()


def _clean(value):
    """A cell as text, or ``None`` when empty. Spreadsheet numbers and dates become their text. An
    apostrophe the exporter put before text that could start a formula is taken off again."""
    if value is None:
        return None
    if type(value) is str:  # every CSV cell: the same steps as below, without the type tests
        value = (restore_cell(value) if value.startswith(QUOTE) else value).strip()
        return sys.intern(value) if value and len(value) <= INTERN_MAX else (value or None)
    value = restore_cell(value)
    if isinstance(value, datetime.datetime):
        value = value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, bool):
        value = "ja" if value else "nej"
    elif isinstance(value, float) and value.is_integer():
        value = str(int(value))
    value = str(value).strip()
    # Codes, dates and answers repeat on row after row: one shared string each keeps a big file's
    # parsed rows small.
    return sys.intern(value) if value and len(value) <= INTERN_MAX else (value or None)


class ReadError(Exception):
    pass


@contextlib.contextmanager
def _records(content, ext, limits):
    """The file's records (the header first) as lists of cells, read one at a time."""
    with open_content(content) as stream:
        records = _xlsx_records(stream, limits) if ext == ".xlsx" else _csv_records(stream)
        try:
            yield _reporting(records, ext)
        finally:
            records.close()


def _reporting(records, ext):
    """Turn what goes wrong halfway through a file into one message about the file."""
    try:
        yield from records
    except UnicodeDecodeError:
        raise ReadError(
            _(
                'Filen är inte sparad som UTF-8. Spara den i Excel som "CSV UTF-8 (kommaavgränsad)" och försök igen.'
            )
        ) from None
    except csv.Error as exc:
        raise ReadError(_("Filen går inte att läsa som CSV: %(e)s") % {"e": exc}) from None
    except LimitError as exc:
        raise ReadError(str(exc)) from None
    except (zipfile.BadZipFile, EOFError, OSError):
        raise ReadError(_("Filen är skadad och går inte att läsa till slut. Är zip-filen hel?")) from None


def _csv_records(stream):
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        first_line = text.readline(MAX_HEADER_CHARS)
        if len(first_line) >= MAX_HEADER_CHARS:
            raise ReadError(_("Första raden är för lång för att vara en rubrikrad. Är det rätt fil?"))
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        # Line numbers count records, as a spreadsheet shows them (header = line 1).
        yield from csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
    finally:
        # The stream belongs to the caller (an upload is read again): let go of it without closing it.
        text.detach()


def _xlsx_records(stream, limits):
    from openpyxl import load_workbook

    with contextlib.ExitStack() as stack:
        if not stream.seekable():  # a member of a zip: openpyxl needs to seek
            copy = stack.enter_context(
                tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
            )
            while chunk := stream.read(1024 * 1024):
                copy.write(chunk)
            stream = copy
        try:
            stream.seek(0)
            check_archive(stack.enter_context(zipfile.ZipFile(stream)), limits)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ReadError(_("Filen går inte att öppna som Excel-fil (.xlsx).")) from None
        try:
            stream.seek(0)
            workbook = load_workbook(stream, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
        except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
            raise ReadError(_("Filen går inte att öppna som Excel-fil (.xlsx).")) from None
        stack.callback(workbook.close)
        # A sheet may claim to be thousands of columns wide; no file of the format is.
        yield from (list(row) for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
