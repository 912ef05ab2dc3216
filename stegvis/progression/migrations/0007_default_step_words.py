from django.db import migrations


def add_step_words(apps, schema_editor):
    from stegvis.progression.defaults import add_step_words
    from stegvis.progression.instruments.default_translations import install

    Instrument = apps.get_model("progression", "Instrument")
    Item = apps.get_model("progression", "Item")
    InstrumentText = apps.get_model("progression", "InstrumentText")
    add_step_words(Instrument, Item, InstrumentText)
    install(Instrument, Item, InstrumentText)


class Migration(migrations.Migration):
    """Data only: the default card's words for every step, its explanations and their draft translations."""

    dependencies = [("progression", "0006_item_steps_and_link_drafts")]

    operations = [migrations.RunPython(add_step_words, migrations.RunPython.noop)]
