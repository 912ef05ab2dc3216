"""The areas of the life situation every installation starts with (projects choose among them)."""

from django.db import migrations

DEFAULT_AREAS = [
    ("halsa", "Hälsa", "Fysisk och psykisk hälsa, sömn, vård och behandling."),
    ("sprak", "Språk", "Svenska och andra språk, SFI-nivå, behov av tolk."),
    (
        "utbildning_arbete",
        "Utbildning och arbetslivserfarenhet",
        "Skolgång, utbildning, yrken och tidigare arbeten.",
    ),
    ("boende", "Boende", "Var och hur personen bor, om boendet är tryggt."),
    ("ekonomi", "Ekonomi och skulder", "Försörjning, skulder, kontakt med Kronofogden."),
    ("familj", "Familj och barnomsorg", "Familj, barn, förskola och annat ansvar hemma."),
    ("natverk", "Socialt nätverk", "Vänner, släkt, föreningar och andra att vända sig till."),
    ("digital", "Digital förmåga", "Mobil, dator, BankID, e-post och myndigheternas e-tjänster."),
    ("ovrigt", "Övrigt", "Annat som påverkar vägen mot arbete eller studier."),
]


def add_areas(apps, schema_editor):
    LifeArea = apps.get_model("casework", "LifeArea")
    for order, (code, name, description) in enumerate(DEFAULT_AREAS, start=1):
        LifeArea.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "description": description,
                "order": order * 10,
                "is_active": True,
            },
        )


def remove_areas(apps, schema_editor):
    LifeArea = apps.get_model("casework", "LifeArea")
    LifeArea.objects.filter(code__in=[code for code, _n, _d in DEFAULT_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(add_areas, remove_areas)]
