"""Store a person's home municipality as SCB's kommunkod instead of the name that was typed.

Every distinct stored value is looked up once (case and white space do not matter) and its rows
are updated together. A value that names no municipality is left as it was: nothing is lost, the
person's page shows it as typed, and the report counts the person under ``okand`` until someone
corrects it (the form then asks for a real municipality). Going back turns codes into names.
"""

from django.db import migrations, models

from stegvis.participants.municipalities import MUNICIPALITIES, municipality_code


def names_to_codes(apps, schema_editor):
    Person = apps.get_model("participants", "Person")
    values = Person.objects.exclude(home_municipality="").values_list("home_municipality", flat=True)
    for value in set(values.order_by().distinct()):
        code = municipality_code(value)
        if code and code != value:
            Person.objects.filter(home_municipality=value).update(home_municipality=code)


def codes_to_names(apps, schema_editor):
    Person = apps.get_model("participants", "Person")
    values = Person.objects.filter(home_municipality__in=MUNICIPALITIES).values_list(
        "home_municipality", flat=True
    )
    for code in set(values.order_by().distinct()):
        Person.objects.filter(home_municipality=code).update(home_municipality=MUNICIPALITIES[code])


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0009_assignment_history_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="home_municipality",
            field=models.CharField(
                blank=True,
                help_text="SCB:s fyrsiffriga kommunkod, t.ex. 1384 för Kungsbacka.",
                max_length=100,
                verbose_name="hemkommun",
            ),
        ),
        migrations.RunPython(names_to_codes, codes_to_names, elidable=False),
    ]
