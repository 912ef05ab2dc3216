"""Everything interpreter mode takes from the participant's own self-assessment, in one place.

The self-assessment decides which card a participant answers (:func:`instrument_for`), how the
card's texts fall back to Swedish (:func:`card_texts`), how each step of a scale is put in words
(:func:`scale_steps`) and which language tag a browser's speech synthesis understands. Interpreter
mode must say exactly what the participant's phone says, so it asks the self-assessment rather
than restating it. When those pieces move, only this module is repointed.
"""

from typing import Any

from stegvis.core.languages import speech_language
from stegvis.progression.instruments.scale import scale_steps as card_scale_steps
from stegvis.progression.instruments.texts import InstrumentTexts, load_texts
from stegvis.progression.selfassessment.actions import instrument_for

__all__ = ["CardTexts", "card_texts", "help_text", "instrument_for", "scale_steps", "speech_language"]


class CardTexts:
    """A card's texts in one language, as the pages pair them: ``get(obj, field)`` is ``(text, lang)``.

    ``texts`` is the instrument's :class:`~stegvis.progression.instruments.texts.InstrumentTexts`
    (``needs_review``, ``missing``); a text without a translation comes back in Swedish, marked ``sv``.
    """

    def __init__(self, instrument, language: str) -> None:
        self.instrument = instrument
        self.language = language
        self.texts: InstrumentTexts = load_texts(instrument, language)

    def get(self, obj, field: str) -> tuple[str, str]:
        return self.texts.get_with_language(obj, field)


def card_texts(instrument, language) -> CardTexts:
    """The card's texts in ``language`` (one query, none for Swedish)."""
    return CardTexts(instrument, language)


def scale_steps(item, texts: CardTexts) -> list[dict[str, Any]]:
    """``[{"value", "words", "lang"}]``: every step of ``item``'s scale in words, in ``texts``' language.

    ``lang`` is the language the words are in (Swedish where the card has no translation).
    """
    return [
        {"value": step.value, "words": step.words, "lang": step.lang}
        for step in card_scale_steps(item, texts.texts)
    ]


def help_text(item, texts: CardTexts) -> tuple[str, str] | None:
    """``(text, lang)`` of the question's help text in ``texts``' language, or ``None`` without one."""
    if not item.help_text:
        return None
    return texts.get(item, "help_text")
