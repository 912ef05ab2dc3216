from django.db import migrations


def install_translations(apps, schema_editor):
    from stegvis.progression.instruments.default_translations import install

    install(
        apps.get_model("progression", "Instrument"),
        apps.get_model("progression", "Item"),
        apps.get_model("progression", "InstrumentText"),
    )


class Migration(migrations.Migration):
    """Data only: draft translations of the default card, all marked as needing review."""

    dependencies = [("progression", "0002_default_instruments")]

    operations = [migrations.RunPython(install_translations, migrations.RunPython.noop)]
