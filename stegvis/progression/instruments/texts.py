"""Reading an instrument's texts in a participant's language, with Swedish as the fallback.

The Swedish texts live on the rows themselves (:class:`Instrument`, :class:`Item`); every other
language lives in :class:`InstrumentText`. A text with no translation is shown in Swedish rather
than left empty, so a half-translated card can still be answered (with an interpreter).

Pages that show a whole card call :func:`load_texts` once (one query for all texts of the
instrument in that language) and then ask the returned :class:`InstrumentTexts` for each text;
:func:`translated` is the one-off form for a single text.
"""

from dataclasses import dataclass, field

from django.conf import settings

from stegvis.progression.models import Instrument, InstrumentText, Item

SOURCE_LANGUAGE = "sv"
# Participant-facing texts; the staff question is not translated (staff pages are Swedish).
PARTICIPANT_INSTRUMENT_FIELDS = ("name", "description")
PARTICIPANT_ITEM_FIELDS = ("dimension", "text", "low_label", "mid_label", "high_label")


def participant_languages() -> list[tuple[str, str]]:
    """``[(code, name in its own language)]`` of the languages a card can be translated into."""
    return [(code, name) for code, name in settings.PARTICIPANT_LANGUAGES if code != SOURCE_LANGUAGE]


def is_rtl(language: str) -> bool:
    return language in settings.LANGUAGES_BIDI


def _check_field(obj, name):
    allowed = PARTICIPANT_ITEM_FIELDS if isinstance(obj, Item) else PARTICIPANT_INSTRUMENT_FIELDS
    if name not in allowed:
        raise ValueError(f"{name!r} is not a translatable field of {type(obj).__name__}")


@dataclass
class InstrumentTexts:
    """All texts of one instrument in one language, loaded in one query.

    ``get(obj, field)`` gives the translation or the Swedish text; ``needs_review`` is true when
    any translation in use is an unreviewed draft (the page then says so); ``missing`` counts
    participant-facing texts that fall back to Swedish.
    """

    instrument: Instrument
    language: str
    _texts: dict = field(default_factory=dict)  # (item_id or None, field) -> InstrumentText

    @property
    def rtl(self):
        return is_rtl(self.language)

    def row(self, obj, name):
        """The stored :class:`InstrumentText` for ``obj.name`` in this language, or ``None``."""
        item_id = obj.pk if isinstance(obj, Item) else None
        return self._texts.get((item_id, name))

    def get(self, obj, name):
        """The translated text of ``obj.name`` (an instrument or one of its items), else Swedish."""
        _check_field(obj, name)
        row = self.row(obj, name)
        if row is not None and row.text.strip():
            return row.text
        return getattr(obj, name)

    def is_translated(self, obj, name):
        row = self.row(obj, name)
        return self.language == SOURCE_LANGUAGE or (row is not None and bool(row.text.strip()))

    @property
    def stored(self):
        """Whether the language has any stored translation of this instrument at all."""
        return bool(self._texts)

    @property
    def needs_review(self):
        return any(row.needs_review for row in self._texts.values())

    def missing(self, items):
        """How many participant-facing texts of the instrument and ``items`` have no translation."""
        if self.language == SOURCE_LANGUAGE:
            return 0
        count = sum(
            1
            for f in PARTICIPANT_INSTRUMENT_FIELDS
            if getattr(self.instrument, f) and not self.is_translated(self.instrument, f)
        )
        for item in items:
            count += sum(
                1 for f in PARTICIPANT_ITEM_FIELDS if getattr(item, f) and not self.is_translated(item, f)
            )
        return count


def load_texts(instrument, language):
    """Every translated text of ``instrument`` in ``language``, in one query (none for Swedish)."""
    texts = {}
    if language and language != SOURCE_LANGUAGE:
        for row in InstrumentText.objects.filter(instrument=instrument, language=language):
            texts[(row.item_id, row.field)] = row
    return InstrumentTexts(instrument=instrument, language=language or SOURCE_LANGUAGE, _texts=texts)


def translated(instrument_or_item, field, language):
    """One text of an instrument or item in ``language``, falling back to the Swedish text.

    One query per call (none for Swedish); for a whole card use :func:`load_texts`.
    """
    _check_field(instrument_or_item, field)
    swedish = getattr(instrument_or_item, field)
    if not language or language == SOURCE_LANGUAGE:
        return swedish
    if isinstance(instrument_or_item, Item):
        lookup = {"instrument_id": instrument_or_item.instrument_id, "item": instrument_or_item}
    else:
        lookup = {"instrument": instrument_or_item, "item__isnull": True}
    text = (
        InstrumentText.objects.filter(field=field, language=language, **lookup)
        .values_list("text", flat=True)
        .first()
    )
    return text if text and text.strip() else swedish
