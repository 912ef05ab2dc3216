"""The progression card in two languages: each question, its help text and every scale step.

What the participant's phone would say (the self-assessment's texts and words for each step, see
:mod:`.wording`), once in Swedish and once in the chosen language, paired step by step. Two
queries: the items, and the card's texts in the chosen language (none for Swedish).
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from stegvis.interpreting.pairs import SWEDISH, Pair, label_pair, pair
from stegvis.interpreting.wording import card_texts, help_text, scale_steps
from stegvis.progression.measuring.forms import DONT_KNOW, item_field_name

DONT_KNOW_LABEL = gettext_lazy("Vet inte / vill inte svara")


@dataclass(frozen=True)
class Option:
    """One answer: ``value`` as the form posts it, ``number`` as shown (empty for "vet inte")."""

    value: str
    number: str
    words: Pair


@dataclass
class Question:
    number: int
    code: str
    name: str  # the form field
    text: Pair
    help: Pair | None
    options: list[Option]
    field: Any = None  # the bound form field, on the page that registers answers


@dataclass
class Card:
    language: str
    name: Pair
    description: Pair | None
    questions: list[Question]
    needs_review: bool
    missing: int


def build_card(instrument, language: str) -> Card:
    items = list(instrument.items.all())
    swedish, other = card_texts(instrument, SWEDISH), card_texts(instrument, language)
    dont_know = (
        [Option(DONT_KNOW, "", label_pair(DONT_KNOW_LABEL, language))] if instrument.allow_dont_know else []
    )
    questions = []
    for number, item in enumerate(items, start=1):
        options = [
            Option(
                str(a["value"]),
                str(a["value"]),
                pair((a["words"], a["lang"]), (b["words"], b["lang"]), language),
            )
            for a, b in zip(scale_steps(item, swedish), scale_steps(item, other), strict=True)
        ]
        help_sv = help_text(item, swedish)
        help_other = help_text(item, other)
        questions.append(
            Question(
                number=number,
                code=item.code,
                name=item_field_name(item),
                text=pair(swedish.get(item, "text"), other.get(item, "text"), language),
                help=pair(help_sv, help_other, language) if help_sv and help_other else None,
                options=options + dont_know,
            )
        )
    description = None
    if instrument.description:
        description = pair(
            swedish.get(instrument, "description"), other.get(instrument, "description"), language
        )
    return Card(
        language=language,
        name=pair(swedish.get(instrument, "name"), other.get(instrument, "name"), language),
        description=description,
        questions=questions,
        needs_review=other.texts.needs_review,
        missing=other.texts.missing(items),
    )
