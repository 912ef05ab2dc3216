"""Which database this is (SQLite or PostgreSQL), and whether it is empty enough to restore into.

"Empty" is defined by the tables only people fill: user accounts, organisations, persons and the
audit log. Every piece of work in Stegvis hangs on an organisation or a person and is written by
a user and recorded in the audit log, so a database where all four are empty holds nobody's
work. A database that was only migrated (which fills the migration record, content types,
permissions, and the default instruments and life-situation areas) counts as empty; so does
one with no tables at all.
"""

from types import ModuleType

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from django.utils.translation import gettext as _

from stegvis.audit.models import AuditEntry
from stegvis.backup import postgres, sqlite
from stegvis.backup.errors import Incompatible
from stegvis.organizations.models import Organization
from stegvis.participants.models import Person

ENGINES = {"sqlite": sqlite, "postgresql": postgres}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def engine() -> str:
    """``"sqlite"`` or ``"postgresql"``: the configured database, or :class:`Incompatible`."""
    if connection.vendor not in ENGINES:
        raise Incompatible(
            _("Säkerhetskopiering stöds för SQLite och PostgreSQL, inte för %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def engine_module() -> ModuleType:
    return ENGINES[engine()]


def _work_models() -> list[tuple[type[Model], str]]:
    return [
        (get_user_model(), _("användarkonton")),
        (Organization, _("organisationer")),
        (Person, _("personer")),
        (AuditEntry, _("händelser i granskningsloggen")),
    ]


def table_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def filled_with() -> list[str]:
    """What the database already holds, by the names of the tables only people fill (empty: ``[]``)."""
    tables = table_names()
    quote = connection.ops.quote_name
    found = []
    with connection.cursor() as cursor:
        for model, label in _work_models():
            if model._meta.db_table not in tables:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(model._meta.db_table)} LIMIT 1")
            if cursor.fetchone():
                found.append(label)
    return found


def has_audit_log() -> bool:
    return AuditEntry._meta.db_table in table_names()
