"""Everything interpreter mode takes from the participant's own self-assessment, in one place.

The self-assessment decides which card a participant answers (:func:`instrument_for`), how the
card's texts fall back to Swedish (:func:`card_texts`), how each step of a scale is put in words
(:func:`scale_steps`) and which language tag a browser's speech synthesis understands. Interpreter
mode must say exactly what the participant's phone says, so it asks the self-assessment rather
than restating it. When those pieces move, only this module is repointed.
"""

from typing import Any

from django.utils import translation

from stegvis.progression.instruments.texts import PARTICIPANT_ITEM_FIELDS
from stegvis.progression.selfassessment.actions import instrument_for
from stegvis.progression.selfassessment.views import SPEECH_LANGUAGES, Texts
from stegvis.progression.selfassessment.views import scale_steps as self_assessment_scale_steps

__all__ = ["card_texts", "help_text", "instrument_for", "scale_steps", "speech_language"]

# A question's help text, when the card has one (cards have none per question today).
HELP_FIELD = "help_text"


def card_texts(instrument, language) -> Texts:
    """The card's texts in ``language`` (one query, none for Swedish); ``get(obj, field)`` is ``(text, lang)``.

    ``texts.texts`` is the instrument's :class:`~stegvis.progression.instruments.texts.InstrumentTexts`
    (``needs_review``, ``missing``).
    """
    return Texts(instrument, language)


def scale_steps(item, texts: Texts) -> list[dict[str, Any]]:
    """``[{"value", "words", "lang"}]``: every step of ``item``'s scale in words, in ``texts``' language.

    ``lang`` is the language the words are in (Swedish where the card has no translation).
    """
    with translation.override(texts.language):
        return [
            {"value": step["value"], "words": step["words"], "lang": step["lang"]}
            for step in self_assessment_scale_steps(item, texts)
        ]


def help_text(item, texts: Texts) -> tuple[str, str] | None:
    """``(text, lang)`` of the question's help text in ``texts``' language, or ``None`` without one."""
    if not getattr(item, HELP_FIELD, ""):
        return None
    if HELP_FIELD in PARTICIPANT_ITEM_FIELDS:
        return texts.get(item, HELP_FIELD)
    return getattr(item, HELP_FIELD), "sv"


def speech_language(language: str) -> str:
    """The tag a browser's speech synthesis understands best for ``language`` (``fa-AF`` for Dari)."""
    return SPEECH_LANGUAGES.get(language, language)
