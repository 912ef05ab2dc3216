"""How much an import may read, so that no upload, zip bomb or huge file can exhaust the server.

A .zip and an .xlsx (which is a zip too) are judged from their table of contents before anything
is unpacked: how many files, how much they unpack to together, and how many times bigger than
packed. The table of contents can lie, so every unpacked stream is also counted while it is read
(:class:`CappedStream`) and stops at the size it declared. The limits are settings
(``STEGVIS_IMPORT_MAX_*``, ``docs/exchange.md``); every refusal is a Swedish sentence that says
which limit was met.
"""

import io
import math
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

MB = 1024 * 1024
# A zip that unpacks to less than this is never refused for its ratio: a few hundred rows of
# repetitive text can pack very well and do no harm.
RATIO_FLOOR_BYTES = 1 * MB


class LimitError(Exception):
    """An import source is refused because it is bigger than a limit; the message says which."""


@dataclass(frozen=True)
class ImportLimits:
    max_file_bytes: int
    max_unpacked_bytes: int
    max_ratio: int
    max_members: int
    max_rows: int
    max_errors_shown: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            max_file_bytes=settings.STEGVIS_IMPORT_MAX_FILE_BYTES,
            max_unpacked_bytes=settings.STEGVIS_IMPORT_MAX_UNPACKED_BYTES,
            max_ratio=settings.STEGVIS_IMPORT_MAX_RATIO,
            max_members=settings.STEGVIS_IMPORT_MAX_MEMBERS,
            max_rows=settings.STEGVIS_IMPORT_MAX_ROWS,
            max_errors_shown=settings.STEGVIS_IMPORT_MAX_ERRORS_SHOWN,
        )


def megabytes(size: int, *, up: bool = False) -> str:
    """``"1,5"``: a size in MB as a Swede writes it, for messages.

    ``up`` rounds a measured size up to a tenth, so a file just over a limit never reads as the
    limit itself ("50,1 MB", not "50 MB").
    """
    value = size / MB
    if up:
        value = math.ceil(value * 10) / 10
    text = f"{value:.0f}" if value == int(value) else f"{value:.1f}"
    return text.replace(".", ",")


def check_file_size(size: int | None, limits: ImportLimits) -> None:
    if size is not None and size > limits.max_file_bytes:
        raise LimitError(
            _("Filen är %(size)s MB. Högst %(max)s MB kan läsas in: dela upp den i flera filer.")
            % {"size": megabytes(size, up=True), "max": megabytes(limits.max_file_bytes)}
        )


def check_archive(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Refuse a zip (or xlsx) from its table of contents, before a byte is unpacked."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise LimitError(
            _("Filen innehåller %(n)s filer. Högst %(max)s filer kan läsas in ur en .zip- eller .xlsx-fil.")
            % {"n": len(infos), "max": limits.max_members}
        )
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos)
    worst = max(
        [(unpacked, packed)]
        + [(info.file_size, info.compress_size) for info in infos if info.file_size >= RATIO_FLOOR_BYTES],
        key=lambda pair: pair[0] / max(pair[1], 1),
    )
    if worst[0] >= RATIO_FLOOR_BYTES and worst[0] / max(worst[1], 1) > limits.max_ratio:
        raise LimitError(
            _(
                "Filen packas upp till %(size)s MB, %(times)s gånger sin packade storlek (högst %(max)s gånger "
                "är tillåtet). Så packar inga vanliga filer: den läses inte in."
            )
            % {
                "size": megabytes(unpacked),
                "times": f"{worst[0] / max(worst[1], 1):.0f}",
                "max": limits.max_ratio,
            }
        )
    if unpacked > limits.max_unpacked_bytes:
        raise LimitError(
            _(
                "Filen packas upp till mer än %(max)s MB (%(size)s MB), mer än en import får läsa. "
                "Dela upp den i flera filer."
            )
            % {"max": megabytes(limits.max_unpacked_bytes), "size": megabytes(unpacked, up=True)}
        )


class CappedStream(io.RawIOBase):
    """A readable stream that refuses to give more than ``limit`` bytes.

    Wraps an unpacked zip member: its declared size was checked, and this makes sure the data
    cannot be larger than declared.
    """

    def __init__(self, stream, limit: int):
        self._stream = stream
        self._left = limit
        self._limit = limit

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._stream.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise LimitError(
                _("Filen är större uppackad än den säger sig vara (%(size)s MB). Den läses inte in.")
                % {"size": megabytes(self._limit)}
            )
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self):
        self._stream.close()
        super().close()
