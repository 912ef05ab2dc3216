"""The manifest: what an archive holds and what it came from, and whether this installation can take it.

It records the format version, when the archive was written, the database engine and server
version, the Stegvis and Django versions, every applied migration per app (read in the same
snapshot as the dump) and the SHA-256 and size of each member (added by the archive writer).
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import django
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "stegvis-backup"


def stegvis_version() -> str:
    try:
        return version("stegvis")
    except PackageNotFoundError:
        return "okänd"


def build(engine: str, server_version: str, member: str, migrations: list[list[str]]) -> dict[str, Any]:
    by_app: dict[str, list[str]] = {}
    for app, name in migrations:
        by_app.setdefault(app, []).append(name)
    return {
        "format": FORMAT,
        "created_at": timezone.localtime().replace(microsecond=0).isoformat(),
        "stegvis_version": stegvis_version(),
        "django_version": django.get_version(),
        "database": {"engine": engine, "server_version": server_version, "member": member},
        "migrations": by_app,
    }


def migration_differences(manifest: dict[str, Any]) -> tuple[list[str], list[str]]:
    """``(missing, unknown)``: migrations this code has that the archive lacks, and the reverse.

    Missing ones mean an older archive (run ``stegvis migrate`` after restoring); unknown ones mean
    an archive from a newer Stegvis, whose tables this code does not know.
    """
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    labels = {config.label for config in apps.get_app_configs()}
    archived = {
        (app, name)
        for app, names in (manifest.get("migrations") or {}).items()
        for name in names
        if app in labels
    }
    missing = sorted(f"{app}.{name}" for app, name in on_disk - archived)
    unknown = sorted(f"{app}.{name}" for app, name in archived - on_disk)
    return missing, unknown
