"""Indexes for the participant list and its search (docs/deployment.md, "Indexes only on PostgreSQL").

- ``(last_name, first_name, id)``: the list's order to the last tie, so its first page needs
  no sort (both databases; it replaces the index on the two names).
- ``(coordinator, project)`` on enrolments: a coordinator's own enrolments in a project (the
  start page, the worklist, the list's coordinator filter).
- ``UPPER(ref)`` for a reference typed in any case (both databases).
- On PostgreSQL only: trigram (``pg_trgm``) GIN indexes on ``UPPER(first_name)`` and
  ``UPPER(last_name)``, the expressions Django's ``icontains`` compares, so a name search finds
  its few rows among a million without reading them all. SQLite has no trigram indexes; there
  the operation does nothing (a SQLite register is small enough to read). The indexes are not
  in the models' ``Meta`` because SQLite could not create them.
"""

import django.db.models.functions.text
from django.db import migrations, models

TRIGRAM_INDEXES = {
    "participants_person_first_name_trgm": "first_name",
    "participants_person_last_name_trgm": "last_name",
}


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON participants_person "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_organization_require_two_factor"),
        ("participants", "0004_person_anonymised_at"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="person", name="participant_last_na_bd87b8_idx"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["last_name", "first_name", "id"], name="person_name_order"),
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(fields=["coordinator", "project"], name="enrollment_coordinator_project"),
        ),
        migrations.AddIndex(
            model_name="participantref",
            index=models.Index(django.db.models.functions.text.Upper("ref"), name="participant_ref_upper"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
