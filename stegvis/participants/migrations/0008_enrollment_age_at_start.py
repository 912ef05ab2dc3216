"""Store each enrolment's age at its start (see stegvis/participants/ages.py), and cover it in the report's index."""

from django.db import migrations, models

from stegvis.participants.ages import refresh_ages


def fill_ages(apps, schema_editor):
    refresh_ages(apps.get_model("participants", "Enrollment").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_report_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="age_at_start",
            field=models.SmallIntegerField(editable=False, null=True, verbose_name="ålder vid inskrivningen"),
        ),
        migrations.RunPython(fill_ages, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="enrollment",
            name="age_at_start",
            field=models.SmallIntegerField(editable=False, verbose_name="ålder vid inskrivningen"),
        ),
        migrations.RemoveIndex(model_name="enrollment", name="enrollment_project_report"),
        migrations.AddIndex(
            model_name="enrollment",
            index=models.Index(
                fields=["project", "id"],
                include=(
                    "start_date",
                    "end_date",
                    "person",
                    "gender",
                    "age_at_start",
                    "exit_reason",
                    "organization",
                    "referrer",
                    "intake_channel",
                    "need_group",
                    "coordinator",
                ),
                name="enrollment_project_report",
            ),
        ),
    ]
