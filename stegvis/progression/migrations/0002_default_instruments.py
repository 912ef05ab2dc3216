from django.db import migrations


def install_defaults(apps, schema_editor):
    from stegvis.progression.defaults import install

    install(apps.get_model("progression", "Instrument"), apps.get_model("progression", "Item"))


class Migration(migrations.Migration):
    dependencies = [("progression", "0001_initial")]

    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
