"""``Person.not_yet_enrolled``: True until the person's first enrolment.

A coordinator sees the persons their organisation registered and nobody has enrolled yet
(``participants/access.py::person_q``); at a million persons an organisation has registered
thousands, nearly all enrolled, and the rule probed an enrolment for each of them on every list.
With the flag the candidates come from a partial index of the few not enrolled yet (the next
migration; the rule still checks that no enrolment exists). The column is added with a database
default (no table rewrite on PostgreSQL), then cleared for every person with an enrolment in one
``UPDATE``. The index is built in the next migration, after this one's transaction: built here,
it would take in every row version the ``UPDATE`` left behind (all of them, flagged True).
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef


def mark_enrolled_persons(apps, schema_editor):
    """Clear ``not_yet_enrolled`` of every person with an enrolment: one ``UPDATE … WHERE EXISTS``."""
    Person = apps.get_model("participants", "Person")
    Enrollment = apps.get_model("participants", "Enrollment")
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    enrolled = Enrollment.objects.using(using).filter(person_id=OuterRef("pk"))
    Person.objects.using(using).filter(not_yet_enrolled=True).filter(Exists(enrolled)).update(
        not_yet_enrolled=False
    )


class Migration(migrations.Migration):
    dependencies = [("participants", "0012_esf_country_fields")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="not_yet_enrolled",
            field=models.BooleanField(
                db_default=True, default=True, editable=False, verbose_name="ännu inte inskriven"
            ),
        ),
        migrations.RunPython(mark_enrolled_persons, migrations.RunPython.noop),
    ]
