"""The words every sheet for the participant shares (card, plan, survey), in Swedish and the chosen language."""

import datetime

from django.utils.translation import gettext, gettext_lazy

from stegvis.interpreting.pairs import Pair, label_pair

WORDS = {
    "date": gettext_lazy("Datum"),
    "instruction": gettext_lazy("Sätt ett kryss i en ruta för varje fråga."),
    "review": gettext_lazy("Översättningen är inte granskad av någon som har språket som modersmål."),
    "optional": gettext_lazy("Frivilligt."),  # the surveys app's catalogue: a free-text question
}


def sheet_words(language: str, today: datetime.date) -> dict[str, Pair]:
    words = {key: label_pair(text, language) for key, text in WORDS.items()}
    words["printed"] = label_pair(
        lambda: gettext("Utskriftsdatum %(day)s.") % {"day": today.isoformat()}, language
    )
    return words
