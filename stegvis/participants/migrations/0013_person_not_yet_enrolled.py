"""The coordinators' intake read from a small partial index, and a coordinator's enrolments in order.

- ``Person.not_yet_enrolled``: True until the person's first enrolment. A coordinator sees the
  persons their organisation registered and nobody has enrolled yet (``participants/access.py::
  person_q``); at a million persons an organisation has registered thousands, nearly all
  enrolled, and the rule probed an enrolment for each of them on every list. With the flag the
  candidates come from ``person_intake``, a partial index of the few not enrolled yet (the rule
  still checks that no enrolment exists). The column is added with a database default (no table
  rewrite on PostgreSQL), then cleared for every person with an enrolment in one ``UPDATE``,
  then the partial index is built (small, as it is built after the update).
- ``(organization, project, id)`` on enrolments instead of ``(organization, project)``: an
  organisation's enrolments in a project in id order (a coordinator's list in the API), so the
  first page is read from the index without sorting all of them.
"""

from django.conf import settings
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
    dependencies = [
        ("organizations", "0004_organization_minsida_eid"),
        ("participants", "0012_esf_country_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="not_yet_enrolled",
            field=models.BooleanField(
                db_default=True, default=True, editable=False, verbose_name="ännu inte inskriven"
            ),
        ),
        migrations.RunPython(mark_enrolled_persons, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("not_yet_enrolled", True)),
                fields=["registered_by", "id"],
                name="person_intake",
            ),
        ),
        migrations.RemoveIndex(
            model_name="enrollment",
            name="participant_organiz_acc38a_idx",
        ),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(fields=["organization", "project", "id"], name="enrollment_org_project_id"),
        ),
    ]
