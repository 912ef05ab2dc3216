from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_gender_from_person(apps, schema_editor):
    """Existing enrolments take the person's gender as it is registered now (the best record there is)."""
    Enrollment = apps.get_model("participants", "Enrollment")
    Person = apps.get_model("participants", "Person")
    Enrollment.objects.update(
        gender=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("gender")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="enrollment",
            name="gender",
            field=models.CharField(
                choices=[("K", "Kvinna"), ("M", "Man"), ("X", "Annat/ej angivet")],
                default="X",
                max_length=1,
                verbose_name="kön vid inskrivningen",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(copy_gender_from_person, migrations.RunPython.noop),
    ]
