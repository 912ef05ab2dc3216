"""Restoring a backup: check everything first, then replace the database and the stored files.

Order, so that a refusal never leaves a half-restored installation:

1. the whole file against its checksum (damaged or cut short?),
2. the key (encrypted without a key, or with another key?),
3. every member against the manifest, unpacked into a private temporary folder (``TMPDIR``),
4. the manifest against this installation (same database engine, no migrations from a newer
   Stegvis),
5. the target: empty (see :mod:`stegvis.backup.database`) unless ``force``,

and only then the database is replaced (exactly the archived state: no migrations are run) and
the files are written back. Restoring into an older state than the code is allowed; the result
says which migrations ``stegvis migrate`` will then apply.
"""

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.backup import archive, crypto, database, files, manifest
from stegvis.backup.errors import Incompatible, TargetNotEmpty, corrupt
from stegvis.backup.progress import byte_bar


@dataclass
class Restored:
    manifest: dict[str, Any]
    encrypted: bool
    checked_only: bool
    location: str = ""
    missing_migrations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _check_manifest(contents: dict[str, Any], staging: Path) -> str:
    """The archive's engine, after checking it fits this installation."""
    database_info = contents.get("database")
    if contents.get("format") != manifest.FORMAT or not isinstance(database_info, dict):
        raise corrupt(_("innehållsförteckningen är inte Stegvis"))
    engine = str(database_info.get("engine"))
    module = database.ENGINES.get(engine)
    if module is None or not (staging / module.MEMBER).is_file():
        raise corrupt(_("databasen saknas i arkivet"))
    current = database.engine()
    if engine != current:
        raise Incompatible(
            _(
                "Säkerhetskopian kommer från en %(archived)s-databas men Stegvis är inställd på "
                "%(current)s. Återställ till samma slags databas (DATABASE_URL), eller flytta data med "
                "'stegvis export' och 'stegvis import'."
            )
            % {"archived": database.ENGINE_NAMES[engine], "current": database.ENGINE_NAMES[current]}
        )
    _missing, unknown = manifest.migration_differences(contents)
    if unknown:
        raise Incompatible(
            _(
                "Säkerhetskopian kommer från en nyare version av Stegvis (%(version)s) med migreringar som "
                "den här versionen inte känner till: %(names)s. Installera samma eller en nyare version "
                "av Stegvis och återställ igen."
            )
            % {"version": contents.get("stegvis_version", "?"), "names": ", ".join(unknown[:5])}
        )
    return engine


def _refuse_unless_empty(contents: dict[str, Any]) -> None:
    held = database.filled_with()
    if held:
        raise TargetNotEmpty(
            _(
                "Databasen %(location)s är inte tom: den innehåller redan %(what)s. En återställning "
                "ersätter allt i den. Återställ till en tom databas, eller kör igen med --force om "
                "innehållet ska ersättas. Ingenting har ändrats."
            )
            % {"location": database.engine_module().location(), "what": ", ".join(held)}
        )
    if any(name.startswith(files.MEDIA_PREFIX) for name in contents["members"]) and files.has_media():
        raise TargetNotEmpty(
            _(
                "Mappen för uppladdade filer (MEDIA_ROOT) är inte tom. Töm den, eller kör igen med "
                "--force om filerna ska skrivas över. Ingenting har ändrats."
            )
        )


def _restore_files(contents: dict[str, Any], staging: Path, result: Restored) -> None:
    media = [name for name in contents["members"] if name.startswith(files.MEDIA_PREFIX)]
    if media:
        root = files.media_root()
        if root is None:
            raise Incompatible(
                _("Säkerhetskopian innehåller uppladdade filer men MEDIA_ROOT är inte inställd.")
            )
        for name in media:
            target = root.joinpath(*name[len(files.MEDIA_PREFIX) :].split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(staging / name, target)
    key_info = contents.get("secret_key") or {}
    archived_key = staging / files.SECRET_KEY_MEMBER
    if archived_key.is_file() and files.secret_key_file() is not None:
        files.write_private(files.secret_key_file(), archived_key.read_bytes())  # type: ignore[arg-type]
        result.notes.append(
            _("Den hemliga nyckeln (secret_key) är återställd: starta om Stegvis så att den används.")
        )
    elif key_info.get("fingerprint") and key_info["fingerprint"] != files.secret_key_fingerprint():
        result.notes.append(
            _(
                "Obs: den här installationens hemliga nyckel är inte den som användes när säkerhetskopian "
                "skrevs. SUS-listans pseudonymer blir då andra än förut och alla måste logga in igen. "
                "Sätt STEGVIS_SECRET_KEY till den gamla nyckeln om pseudonymerna ska vara desamma."
            )
        )


def restore_backup(
    path: str, *, force: bool = False, check_only: bool = False, progress: bool = False
) -> Restored:
    source = Path(path)
    passphrase = crypto.passphrase_from_environment()
    size = source.stat().st_size if source.is_file() else 0
    with byte_bar(_("Kontrollerar"), size, progress) as update:
        header = archive.verify_checksum(source, update)
    with tempfile.TemporaryDirectory(prefix="stegvis-restore-") as folder:
        staging = Path(folder)
        with byte_bar(_("Packar upp"), size, progress) as update:
            contents = archive.extract(source, staging, passphrase, update)
        engine = _check_manifest(contents, staging)
        missing, _unknown = manifest.migration_differences(contents)
        result = Restored(
            manifest=contents, encrypted=header.encrypted, checked_only=check_only, missing_migrations=missing
        )
        if check_only:
            return result
        if not force:
            _refuse_unless_empty(contents)
        module = database.ENGINES[engine]
        result.location = module.location()
        module.restore(staging / module.MEMBER)
        _restore_files(contents, staging, result)
    if not missing and database.has_audit_log():
        record(
            None,
            AuditAction.IMPORT,
            object_type="backup",
            detail=f"stegvis restore: {source.name}, skriven {contents.get('created_at', '?')}",
        )
    return result
