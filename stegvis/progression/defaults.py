"""The instruments Stegvis ships: BIP's progression card as the SPiK project used it.

The ten dimensions are those of the card in the SPiK final report (after a model from
Væksthusets Forskningscenter, 2015); the wording here is plain Swedish written for people with
little schooling or who answer through an interpreter: short sentences, one thing per question,
everyday words. The staff card asks about the same dimensions from the coordinator's side.

Every step of the 1–10 scale has words of its own: the item's low and high labels at the ends,
and a ladder in between (``STEP_LADDERS``) written to answer the question the way people talk
("Ibland", "Ofta", "Nästan alltid" to "Får du hjälp …?"), so no two steps read alike. Items that
ask the same kind of question share a ladder. A few questions get a short explanation under them
(``HELP_TEXTS``); the others need none.

Kept as data so the migrations that install it and the tests read the same rows.
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
            "Jag vet precis vad jag ska göra",
        ),
        (
            "q2",
            "Mina kunskaper",
            "Tror du att det du kan behövs på en arbetsplats?",
            "Hur väl tror deltagaren att hens kunskaper kan användas på en arbetsplats?",
            "Nej, inte alls",
            "Ja, absolut",
        ),
        (
            "q3",
            "Klara ett arbete",
            "Tror du att du klarar att arbeta?",
            "Hur väl tror deltagaren att hen klarar ett arbete?",
            "Nej, inte alls",
            "Ja, helt säkert",
        ),
        (
            "q4",
            "Tid i vardagen",
            "Har du tid i vardagen för att söka jobb, plugga eller vara med på aktiviteter?",
            "Har deltagaren tid i vardagen för att söka arbete, studera eller delta i aktiviteter?",
            "Nej, ingen tid",
            "Ja, gott om tid",
        ),
        (
            "q5",
            "Hälsa",
            "Hur mår du i kroppen och i huvudet, när du tänker på att arbeta?",
            "Hur är deltagarens hälsa, fysiskt och psykiskt, i förhållande till att klara ett arbete?",
            "Jag mår mycket dåligt",
            "Jag mår mycket bra",
        ),
        (
            "q6",
            "Stöd från andra",
            "Får du hjälp av familj, vänner eller andra när du behöver det?",
            "I vilken utsträckning får deltagaren stöd av sitt sociala nätverk vid behov?",
            "Nej, aldrig",
            "Ja, alltid",
        ),
        (
            "q7",
            "Prata med nya personer",
            "Är det lätt för dig att prata med personer du inte känner?",
            "Hur lätt har deltagaren att ta kontakt med personer hen inte känner?",
            "Nej, mycket svårt",
            "Ja, mycket lätt",
        ),
        (
            "q8",
            "Samarbete",
            "Är du bra på att samarbeta med andra?",
            "Hur bra är deltagaren på att samarbeta med andra?",
            "Nej, inte alls",
            "Ja, mycket bra",
        ),
        (
            "q9",
            "Klara studier",
            "Tror du att du skulle klara att studera eller göra något annat varje dag?",
            "Hur väl tror deltagaren att hen skulle klara studier eller annan sysselsättning?",
            "Nej, inte alls",
            "Ja, helt säkert",
        ),
        (
            "q10",
            "Veta vad jag vill jobba med",
            "Vet du vad du vill arbeta med?",
            "Hur väl vet deltagaren vad hen vill arbeta med?",
            "Nej, ingen aning",
            "Ja, jag vet precis",
        ),
    ],
}

# The words of steps 2–9 (the ends are the item's low and high labels), lowest first.
STEP_LADDERS = {
    "know": [
        "Jag vet nästan ingenting",
        "Jag vet mycket lite",
        "Jag vet lite",
        "Jag vet en del",
        "Jag vet ganska mycket",
        "Jag vet mycket",
        "Jag vet det mesta",
        "Jag vet nästan allt",
    ],
    "belief": [
        "Nej, nästan inte",
        "Nej, troligen inte",
        "Kanske inte",
        "Kanske",
        "Ja, lite",
        "Ja, troligen",
        "Ja, ganska säkert",
        "Ja, nästan helt säkert",
    ],
    "time": [
        "Nästan ingen tid",
        "Mycket lite tid",
        "Lite tid",
        "En del tid",
        "Ganska mycket tid",
        "Mycket tid",
        "Ja, oftast gott om tid",
        "Ja, nästan alltid gott om tid",
    ],
    "health": [
        "Jag mår dåligt",
        "Jag mår ganska dåligt",
        "Jag mår lite dåligt",
        "Det går",
        "Jag mår okej",
        "Jag mår ganska bra",
        "Jag mår bra",
        "Jag mår riktigt bra",
    ],
    "often": [
        "Nästan aldrig",
        "Sällan",
        "Ganska sällan",
        "Ibland",
        "Ganska ofta",
        "Ofta",
        "Mycket ofta",
        "Nästan alltid",
    ],
    "easy": [
        "Nej, svårt",
        "Ganska svårt",
        "Lite svårt",
        "Ibland",
        "Ganska lätt",
        "Ja, lätt",
        "Ja, riktigt lätt",
        "Ja, nästan alltid lätt",
    ],
    "good_at": [
        "Nej, nästan inte",
        "Inte så bra",
        "Det går",
        "Ganska bra",
        "Ja, bra",
        "Ja, riktigt bra",
        "Ja, oftast mycket bra",
        "Ja, nästan alltid mycket bra",
    ],
    "ideas": [
        "Jag har nästan ingen aning",
        "Jag har en liten idé",
        "Jag har några idéer",
        "Jag har flera idéer",
        "Jag vet ungefär",
        "Jag vet ganska bra",
        "Jag vet bra",
        "Jag vet nästan precis",
    ],
}

# Which ladder each item of the card uses.
ITEM_LADDERS = {
    "q1": "know",
    "q2": "belief",
    "q3": "belief",
    "q4": "time",
    "q5": "health",
    "q6": "often",
    "q7": "easy",
    "q8": "good_at",
    "q9": "belief",
    "q10": "ideas",
}

# A short explanation under the question, only where the question needs one.
HELP_TEXTS = {
    "q2": "Tänk på allt du kan. Det kan vara från skolan, från ett jobb eller från livet hemma.",
    "q5": "Huvudet betyder hur du känner dig. Till exempel glad, orolig eller trött.",
    "q9": "Något annat kan vara en kurs, praktik eller ett jobb.",
}

DEFAULT_INSTRUMENTS = [PROGRESSIONSKORT]


def step_labels(code):
    """The shipped words of steps 2–9 of one item of the default card."""
    return list(STEP_LADDERS[ITEM_LADDERS[code]])


def _has_step_fields(Item):
    return any(f.name == "step_labels" for f in Item._meta.get_fields())


def install(Instrument, Item):
    """Create the default instruments that are not there yet (by code, version 1).

    Takes the models as arguments so a migration can pass its historical ones; before the step
    words existed (migration 0002) the items get only their ends, and :func:`add_step_words`
    (migration 0007) adds the rest.
    """
    with_steps = _has_step_fields(Item)
    for spec in DEFAULT_INSTRUMENTS:
        instrument, created = Instrument.objects.get_or_create(
            code=spec["code"], version=1, defaults={"name": spec["name"], "description": spec["description"]}
        )
        if not created:
            continue
        items = []
        for position, (code, dimension, text, staff_text, low, high) in enumerate(spec["items"], start=1):
            extra = (
                {"step_labels": step_labels(code), "help_text": HELP_TEXTS.get(code, "")}
                if with_steps
                else {}
            )
            items.append(
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
                    high_label=high,
                    **extra,
                )
            )
        Item.objects.bulk_create(items)


def add_step_words(Instrument, Item, InstrumentText):
    """Give version 1 of the default card its step words and explanations, where still missing.

    Only items that still have the shipped scale and ends and no step words of their own are
    changed, so an administrator's own wording is never overwritten. Their middle label (and its
    translations) go: the step words say what the middle means now. A cosmetic change in the
    sense of the versioning rule, since the ends keep their meaning.
    """
    instrument = Instrument.objects.filter(code=PROGRESSIONSKORT["code"], version=1).first()
    if instrument is None:
        return
    shipped = {code: (low, high) for code, _d, _t, _s, low, high in PROGRESSIONSKORT["items"]}
    for item in Item.objects.filter(instrument=instrument):
        if item.step_labels or shipped.get(item.code) != (item.low_label, item.high_label):
            continue
        if (item.scale_min, item.scale_max) != (1, 10):
            continue
        item.step_labels = step_labels(item.code)
        if not item.help_text:
            item.help_text = HELP_TEXTS.get(item.code, "")
        item.mid_label = ""
        item.save(update_fields=["step_labels", "help_text", "mid_label"])
        InstrumentText.objects.filter(instrument=instrument, item=item, field="mid_label").delete()
