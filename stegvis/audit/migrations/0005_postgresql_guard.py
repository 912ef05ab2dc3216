"""On PostgreSQL, triggers refuse changing or deleting audit entries and thinning marks.

Only the retention functions (``stegvis.audit.retention``) get past, by setting
``stegvis.audit_thinning`` for their own transaction; even then an entry may only lose the
values of its change history or go as a whole. The database sets the user and person links to
empty when an account or a person is deleted, so that one change is let through too. SQLite has
no such guard (the hash chain is what detects tampering on both). See docs/privacy.md.
"""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION stegvis_audit_entry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('stegvis.audit_thinning', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        IF to_jsonb(NEW) - 'changes' = to_jsonb(OLD) - 'changes' THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_OP = 'UPDATE'
       AND (NEW.person_id IS NULL OR NEW.person_id = OLD.person_id)
       AND (NEW.user_id IS NULL OR NEW.user_id = OLD.user_id)
       AND to_jsonb(NEW) - 'person_id' - 'user_id' = to_jsonb(OLD) - 'person_id' - 'user_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log refuses % of entry %', TG_OP, OLD.id
        USING HINT = 'Entries are thinned only by the retention job (stegvis.audit.retention).';
END
$$;
CREATE TRIGGER audit_entry_guard BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION stegvis_audit_entry_guard();

CREATE OR REPLACE FUNCTION stegvis_audit_thinning_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the marks of audit log thinning are insert-only (% of mark %)', TG_OP, OLD.id;
END
$$;
CREATE TRIGGER audit_thinning_guard BEFORE UPDATE OR DELETE ON audit_auditthinning
    FOR EACH ROW EXECUTE FUNCTION stegvis_audit_thinning_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS audit_thinning_guard ON audit_auditthinning;
DROP FUNCTION IF EXISTS stegvis_audit_thinning_guard();
DROP TRIGGER IF EXISTS audit_entry_guard ON audit_auditentry;
DROP FUNCTION IF EXISTS stegvis_audit_entry_guard();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_chain_existing_entries")]

    operations = [migrations.RunPython(_on_postgresql(GUARD), _on_postgresql(UNGUARD))]
