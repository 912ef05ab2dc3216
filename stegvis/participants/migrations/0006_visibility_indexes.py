"""Indexes for who sees whom (``participants/access.py::person_q``), read from the index alone.

- ``(project, organization, person)`` on enrolments: a project leader sees the persons of the
  project's enrolments, a coordinator those of the project's enrolments for their organisation.
- ``(registered_by, id)`` on persons: a coordinator also sees the persons their organisation
  registered and nobody has enrolled yet; the ids come from the index instead of from each
  person's row (at a million participants, thousands of rows read for none shown).

Every list of persons, its count and its filters start from these sets.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_organization_require_two_factor"),
        ("participants", "0005_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                fields=["project", "organization", "person"], name="enrollment_visible_persons"
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["registered_by", "id"], name="person_registered_by_id"),
        ),
    ]
