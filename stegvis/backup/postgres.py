"""PostgreSQL: ``pg_dump --format=custom`` of the live database, and ``pg_restore`` back.

- **Consistent while the server runs**: pg_dump reads one snapshot. Stegvis opens a repeatable-read
  transaction, exports its snapshot, reads the applied migrations in it and hands the snapshot to
  pg_dump (``--snapshot``), so the manifest's migration state is that of the dump to the row.
- **Connection from the settings** (``DATABASES["default"]``) through libpq's environment
  variables; the password goes in ``PGPASSWORD``, never on a command line that ``ps`` shows.
  ``STEGVIS_PG_BINDIR`` names the folder of pg_dump and pg_restore when the ones on the PATH are
  not the server's major version.
- **Restore**: only after the archive has been checked, the target found empty (or ``--force``
  given) and this pg_restore has read the dump's table of contents, the target's tables are
  dropped and ``pg_restore --single-transaction --exit-on-error`` loads the dump: all of it or,
  should it still fail, none (the database is then left without tables; restore again). ``--no-owner --no-privileges`` makes the restoring database
  user the owner, so an archive can be restored on a server whose roles have other names.
"""

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from stegvis.backup.errors import BackupError

MEMBER = "database.pgdump"

#: Settings (``DATABASES["default"]`` and its OPTIONS) and the libpq variable each one becomes.
_SETTINGS = {
    "NAME": "PGDATABASE",
    "USER": "PGUSER",
    "PASSWORD": "PGPASSWORD",
    "HOST": "PGHOST",
    "PORT": "PGPORT",
}
_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def client_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: this process's, plus the connection settings."""
    environment = dict(os.environ)
    for setting, variable in _SETTINGS.items():
        if settings_dict.get(setting):
            environment[variable] = str(settings_dict[setting])
    for option, variable in _OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            environment[variable] = str(value)
    return environment


def _program(name: str) -> str:
    folder = os.environ.get("STEGVIS_PG_BINDIR")
    found = shutil.which(name, path=folder) if folder else shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "Programmet %(program)s finns inte. Installera PostgreSQL:s klientprogram (Debian: "
                "postgresql-client) eller ange mappen med STEGVIS_PG_BINDIR."
            )
            % {"program": name}
        )
    return found


def _run(arguments: list[str]) -> None:
    """Run a PostgreSQL client program; its own error text is shown when it fails."""
    result = subprocess.run(
        arguments,
        env=client_environment(connection.settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).strip().splitlines() if line.strip()]
        raise BackupError(
            _("%(program)s misslyckades (slutkod %(code)s): %(error)s")
            % {
                "program": Path(arguments[0]).name,
                "code": result.returncode,
                "error": "\n".join(lines[-10:]) or "–",
            }
        )


def snapshot(target: Path) -> list[list[str]]:
    """Dump the live database into ``target``; returns the migrations applied in the dumped snapshot."""
    pg_dump = _program("pg_dump")
    with connection.wrap_database_errors:
        return _dump_in_snapshot(pg_dump, target)


def _dump_in_snapshot(pg_dump: str, target: Path) -> list[list[str]]:
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            cursor.execute("SELECT to_regclass('django_migrations') IS NOT NULL")
            migrations: list[list[str]] = []
            if cursor.fetchone()[0]:
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
                migrations = [[app, name] for app, name in cursor.fetchall()]
            _run(
                [
                    pg_dump,
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot_id}",
                    f"--file={target}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ]
            )
        raw.rollback()
    finally:
        raw.close()
    return migrations


def server_version() -> str:
    connection.ensure_connection()
    return str(connection.connection.info.parameter_status("server_version") or "")


def _clear() -> None:
    """Drop every table, view, sequence and function of the schema Stegvis uses, in one transaction.

    Functions too: the audit log's trigger functions are part of the dump, and pg_restore would
    refuse to create one that is still there. Functions an extension owns are left to it.
    """
    quote = connection.ops.quote_name
    statements = {
        "r": "DROP TABLE IF EXISTS {} CASCADE",
        "p": "DROP TABLE IF EXISTS {} CASCADE",
        "f": "DROP FOREIGN TABLE IF EXISTS {} CASCADE",
        "v": "DROP VIEW IF EXISTS {} CASCADE",
        "m": "DROP MATERIALIZED VIEW IF EXISTS {} CASCADE",
        "S": "DROP SEQUENCE IF EXISTS {} CASCADE",
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S') "
            "ORDER BY position(c.relkind IN 'rpfvmS')"
        )
        for kind, name in cursor.fetchall():
            cursor.execute(statements[kind].format(quote(name)))
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.prokind = 'f' AND NOT EXISTS ("
            "SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid "
            "AND d.deptype = 'e')"
        )
        for (signature,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {signature} CASCADE")


def restore(dump: Path) -> None:
    """Replace the configured database's tables with the dumped ones."""
    pg_restore = _program("pg_restore")
    # Read the dump's table of contents first: a pg_restore too old for the dump fails here,
    # before anything is dropped.
    _run([pg_restore, "--list", f"--file={os.devnull}", str(dump)])
    _clear()
    connection.close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def location() -> str:
    settings_dict = connection.settings_dict
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"{settings_dict['NAME']} ({host}{port})"
