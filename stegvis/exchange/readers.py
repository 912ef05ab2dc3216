"""Reading the files of the exchange format into plain rows.

Everything that differs between a folder, a .zip, a browser upload, CSV (comma or semicolon,
with or without BOM) and XLSX ends here: the validation and the importer only ever see
:class:`Table` objects whose cells are stripped strings or ``None`` (an empty cell has no value).
Problems found while reading are returned, never raised, so one import reports all of them.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from stegvis.core.spreadsheet import restore_cell

# The files of the format, in the order they are imported (later files refer to earlier ones).
KNOWN_FILES = ("organizations", "projects", "participants", "enrollments", "measurements", "language_levels")
EXTENSIONS = (".csv", ".xlsx")


@dataclass(frozen=True)
class Problem:
    """One error or warning, pointing at a file, a line (header = line 1) and a column."""

    file: str
    line: int | None
    column: str
    message: str


@dataclass
class Table:
    kind: str  # one of KNOWN_FILES
    filename: str
    header: list = field(default_factory=list)
    # (spreadsheet line number, {column: value or None}); blank lines are left out.
    rows: list = field(default_factory=list)


class SourceError(Exception):
    """The path or upload cannot be read at all (not a folder, not a zip ...)."""


def sources_from_path(path) -> list[tuple[str, bytes]]:
    """The files of a folder, or of a .zip of one, as ``(name, content)`` pairs."""
    path = Path(path)
    if path.is_dir():
        return [
            (p.name, p.read_bytes())
            for p in sorted(path.iterdir())
            if p.is_file() and not p.name.startswith(".")
        ]
    if path.is_file() and path.suffix.lower() == ".zip":
        return sources_from_zip(path.read_bytes())
    if not path.exists():
        raise SourceError(_("Hittar inte %(path)s.") % {"path": path})
    raise SourceError(_("Ange en mapp eller en .zip-fil med filerna."))


def sources_from_zip(content: bytes) -> list[tuple[str, bytes]]:
    """The files in a zip: at its top level, or inside the one folder it holds.

    Archives made by macOS carry ``__MACOSX`` and dot files; those are not data.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise SourceError(_("Zip-filen går inte att öppna. Är den hel?")) from None
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
    if depths == {2} and len(folders) == 1:
        return [(parts[-1], archive.read(info)) for parts, info in files]
    return [(parts[-1], archive.read(info)) for parts, info in files if len(parts) == 1]


def read_tables(sources) -> tuple[dict, list, list]:
    """Parse ``(name, content)`` pairs into tables by kind: ``(tables, errors, warnings)``."""
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
            header, rows = _read_xlsx(content) if ext == ".xlsx" else _read_csv(content)
        except _ReadError as exc:
            errors.append(Problem(name, None, "", str(exc)))
            continue
        table = Table(kind=stem, filename=name)
        table.header = [h.strip().lower() for h in header]
        for line, values in rows:
            cells = {}
            for column, value in zip(table.header, values, strict=False):
                if column:
                    cells[column] = _clean(value)
            for column in table.header[len(values) :]:
                if column:
                    cells[column] = None
            if any(v is not None for v in cells.values()):
                table.rows.append((line, cells))
        tables[stem] = table
    return tables, errors, warnings


def split_name(name):
    """``("participants", ".csv")`` for ``"Participants.CSV"``."""
    path = PurePosixPath(name.replace("\\", "/"))
    return path.stem.strip().lower(), path.suffix.lower()


class _ReadError(Exception):
    pass


def _clean(value):
    """A cell as text, or ``None`` when empty. Spreadsheet numbers and dates become their text. An
    apostrophe the exporter put before text that could start a formula is taken off again."""
    if value is None:
        return None
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
    return value or None


def _read_csv(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _ReadError(
            _(
                'Filen är inte sparad som UTF-8. Spara den i Excel som "CSV UTF-8 (kommaavgränsad)" och försök igen.'
            )
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise _ReadError(_("Filen går inte att läsa som CSV: %(e)s") % {"e": exc}) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise _ReadError(_("Filen är tom: första raden ska vara rubrikraden med kolumnnamnen."))
    # Line numbers count records, as a spreadsheet shows them (header = line 1).
    return records[0], [(index, record) for index, record in enumerate(records[1:], start=2)]


def _read_xlsx(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
        raise _ReadError(_("Filen går inte att öppna som Excel-fil (.xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        records = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not records or not any(cell not in (None, "") for cell in records[0]):
        raise _ReadError(_("Första bladet är tomt: första raden ska vara rubrikraden med kolumnnamnen."))
    header = ["" if cell is None else str(cell) for cell in records[0]]
    return header, [(index, record) for index, record in enumerate(records[1:], start=2)]
