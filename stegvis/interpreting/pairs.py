"""A text in Swedish beside the same text in the participant's language, and the language each is in.

Every participant-facing text of the interpreter pages is a :class:`Pair`. Each side knows the
language it is really in, so a page marks it with ``lang`` (and ``dir``): a text with no
translation shows the Swedish words on the participant's side, marked ``lang="sv"`` and flagged
(``Pair.missing``), rather than Swedish words labelled as Arabic.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation

from stegvis.interpreting.wording import speech_language
from stegvis.progression.instruments.texts import is_rtl

SWEDISH = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Text:
    text: str
    lang: str

    @property
    def dir(self) -> str:
        return "rtl" if is_rtl(self.lang) else "ltr"

    @property
    def speech(self) -> str:
        return speech_language(self.lang)


@dataclass(frozen=True)
class Pair:
    """``sv`` and ``other``: one text in Swedish and in ``language``."""

    sv: Text
    other: Text
    language: str

    @property
    def missing(self) -> bool:
        """The participant's side has no translation and shows the Swedish text."""
        return self.other.lang != self.language


def pair(swedish: tuple[str, str], other: tuple[str, str], language: str) -> Pair:
    """From two ``(text, lang)``, as the card's and the survey's texts give them."""
    return Pair(Text(*swedish), Text(*other), language)


def words_pair(swedish: str, other: str, language: str) -> Pair:
    """Interface words rendered in both languages: the same words on both sides mean no translation."""
    return Pair(Text(swedish, SWEDISH), Text(other, language if other != swedish else SWEDISH), language)


def label_pair(label: Any | Callable[[], str], language: str) -> Pair:
    """A text of the participant catalogues (a lazy ``gettext``, or a callable that formats one) in both languages."""

    def render() -> str:
        return label() if callable(label) else str(label)

    with translation.override(SWEDISH):
        swedish = render()
    with translation.override(language):
        other = render()
    return words_pair(swedish, other, language)
