"""The instruments Stegvis ships: BIP's progression card as the SPiK project used it.

The ten dimensions are those of the card in the SPiK final report (after a model from
Væksthusets Forskningscenter, 2015); the wording here is plain Swedish written for people with
little schooling or who answer through an interpreter: short sentences, one thing per question,
everyday words. The staff card asks about the same dimensions from the coordinator's side.

Kept as data so the migration that installs it and the tests read the same rows.
"""

PROGRESSIONSKORT = {
    "code": "progressionskort",
    "name": "Progressionskort",
    "description": (
        "Tio frågor om hur nära arbete eller studier du känner dig. Svara från 1 till 10. "
        "Det finns inga rätta eller fel svar. Vi frågar igen efter tre månader och ser vad som har ändrats."
    ),
    "items": [
        (
            "q1",
            "Veta vägen till jobb",
            "Vet du vad du kan göra för att få ett jobb?",
            "Hur väl vet deltagaren vad hen kan göra för att få ett jobb?",
            "Jag vet inte alls",
            "Jag vet lite",
            "Jag vet precis vad jag ska göra",
        ),
        (
            "q2",
            "Mina kunskaper",
            "Tror du att det du kan behövs på en arbetsplats?",
            "Hur väl tror deltagaren att hens kunskaper kan användas på en arbetsplats?",
            "Nej, inte alls",
            "Ja, lite",
            "Ja, absolut",
        ),
        (
            "q3",
            "Klara ett arbete",
            "Tror du att du klarar att arbeta?",
            "Hur väl tror deltagaren att hen klarar ett arbete?",
            "Nej, inte alls",
            "Kanske",
            "Ja, helt säkert",
        ),
        (
            "q4",
            "Tid i vardagen",
            "Har du tid i vardagen för att söka jobb, plugga eller vara med på aktiviteter?",
            "Har deltagaren tid i vardagen för att söka arbete, studera eller delta i aktiviteter?",
            "Nej, ingen tid",
            "Lite tid",
            "Ja, gott om tid",
        ),
        (
            "q5",
            "Hälsa",
            "Hur mår du i kroppen och i huvudet, när du tänker på att arbeta?",
            "Hur är deltagarens hälsa, fysiskt och psykiskt, i förhållande till att klara ett arbete?",
            "Jag mår mycket dåligt",
            "Det går",
            "Jag mår mycket bra",
        ),
        (
            "q6",
            "Stöd från andra",
            "Får du hjälp av familj, vänner eller andra när du behöver det?",
            "I vilken utsträckning får deltagaren stöd av sitt sociala nätverk vid behov?",
            "Nej, aldrig",
            "Ibland",
            "Ja, alltid",
        ),
        (
            "q7",
            "Prata med nya personer",
            "Är det lätt för dig att prata med personer du inte känner?",
            "Hur lätt har deltagaren att ta kontakt med personer hen inte känner?",
            "Nej, mycket svårt",
            "Ibland",
            "Ja, mycket lätt",
        ),
        (
            "q8",
            "Samarbete",
            "Är du bra på att samarbeta med andra?",
            "Hur bra är deltagaren på att samarbeta med andra?",
            "Nej, inte alls",
            "Ganska bra",
            "Ja, mycket bra",
        ),
        (
            "q9",
            "Klara studier",
            "Tror du att du skulle klara att studera eller göra något annat varje dag?",
            "Hur väl tror deltagaren att hen skulle klara studier eller annan sysselsättning?",
            "Nej, inte alls",
            "Kanske",
            "Ja, helt säkert",
        ),
        (
            "q10",
            "Veta vad jag vill jobba med",
            "Vet du vad du vill arbeta med?",
            "Hur väl vet deltagaren vad hen vill arbeta med?",
            "Nej, ingen aning",
            "Jag har några idéer",
            "Ja, jag vet precis",
        ),
    ],
}

DEFAULT_INSTRUMENTS = [PROGRESSIONSKORT]


def install(Instrument, Item):
    """Create the default instruments that are not there yet (by code, version 1)."""
    for spec in DEFAULT_INSTRUMENTS:
        instrument, created = Instrument.objects.get_or_create(
            code=spec["code"], version=1, defaults={"name": spec["name"], "description": spec["description"]}
        )
        if not created:
            continue
        Item.objects.bulk_create(
            [
                Item(
                    instrument=instrument,
                    code=code,
                    position=position,
                    dimension=dimension,
                    text=text,
                    staff_text=staff_text,
                    scale_min=1,
                    scale_max=10,
                    low_label=low,
                    mid_label=mid,
                    high_label=high,
                )
                for position, (code, dimension, text, staff_text, low, mid, high) in enumerate(
                    spec["items"], start=1
                )
            ]
        )
