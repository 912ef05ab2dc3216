"""Link the entries written before the chain existed into it, oldest first.

Chosen over letting verify start at the first chained entry: then every entry is covered, and
verify can treat an entry without a hash as an entry that was slipped in around the chain.
"""

from django.db import migrations

from stegvis.audit import chain

BATCH = 2000


def link_existing(apps, schema_editor):
    entry_model = apps.get_model("audit", "AuditEntry")
    prev = chain.GENESIS
    batch = []
    for entry in entry_model.objects.using(schema_editor.connection.alias).order_by("pk").iterator(BATCH):
        entry.changes_digest = chain.changes_digest(entry.changes)
        entry.prev_hash = prev
        entry.entry_hash = prev = chain.hash_of(entry.__dict__, prev)
        batch.append(entry)
        if len(batch) >= BATCH:
            entry_model.objects.bulk_update(batch, ["changes_digest", "prev_hash", "entry_hash"])
            batch = []
    if batch:
        entry_model.objects.bulk_update(batch, ["changes_digest", "prev_hash", "entry_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_chain")]

    operations = [migrations.RunPython(link_existing, migrations.RunPython.noop)]
