"""The coordinators' intake from a small partial index, and an organisation's enrolments in order.

- ``person_intake``: ``(registered_by, id)`` of the persons not enrolled yet
  (``Person.not_yet_enrolled``, filled by the previous migration): a few entries per organisation
  instead of the thousands it has registered.
- ``(organization, project, id)`` on enrolments instead of ``(organization, project)``: an
  organisation's enrolments in a project in id order (a coordinator's list in the API), so the
  first page is read from the index and the scan stops there, without sorting all of them.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("participants", "0013_person_not_yet_enrolled")]

    operations = [
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
