"""Why a backup or a restore stopped: one exception per reason, each with its Swedish message and exit code.

The commands print the message and exit with the code, never a traceback, so a script (or the
systemd unit) can tell a damaged archive from a missing key or a database that is not empty.
"""

from django.utils.translation import gettext as _

#: Exit codes of ``stegvis backup`` and ``stegvis restore`` (also listed in docs/backup.md).
EXIT_FAILED = 1
EXIT_CORRUPT = 3
EXIT_KEY = 4
EXIT_NOT_EMPTY = 5
EXIT_INCOMPATIBLE = 6


class BackupError(Exception):
    """A refusal or failure with a message for the person running the command."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CorruptArchive(BackupError):
    """Not a Stegvis archive, damaged or cut short: the checksums do not hold."""

    exit_code = EXIT_CORRUPT


class KeyProblem(BackupError):
    """The archive is encrypted and the key is missing or is not the one it was written with."""

    exit_code = EXIT_KEY


class TargetNotEmpty(BackupError):
    """The database to restore into already holds someone's work."""

    exit_code = EXIT_NOT_EMPTY


class Incompatible(BackupError):
    """The archive is fine but cannot go into this installation (other database engine, newer Stegvis)."""

    exit_code = EXIT_INCOMPATIBLE


def corrupt(detail: str) -> CorruptArchive:
    return CorruptArchive(
        _("Säkerhetskopian är skadad eller ofullständig (%(detail)s). Ingenting har återställts.")
        % {"detail": detail}
    )
