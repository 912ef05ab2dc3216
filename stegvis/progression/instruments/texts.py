"""Reading an instrument's texts in a participant's language, with Swedish as the fallback.

The Swedish texts live on the rows themselves (:class:`Instrument`, :class:`Item`); every other
language lives in :class:`InstrumentText`. A text with no translation is shown in Swedish rather
than left empty, so a half-translated card can still be answered (with an interpreter).

Pages that show a whole card call :func:`load_texts` once (one query for all texts of the
instrument in that language) and then ask the returned :class:`InstrumentTexts` for each text;
:func:`translated` is the one-off form for a single text.

Besides its fixed fields an item has one text per step between the ends of its scale, its step
words: they are named ``step_<value>`` (``step_2`` … ``step_9`` on a 1–10 scale), read and
translated like any other field (:func:`item_fields`, :func:`source_text`).
"""

import re
from dataclasses import dataclass, field

from django.conf import settings

from stegvis.core.languages import participant_codes, staff_name
from stegvis.progression.models import Instrument, InstrumentText, Item

SOURCE_LANGUAGE = "sv"
# Participant-facing texts; the staff question is not translated (staff pages are Swedish).
PARTICIPANT_INSTRUMENT_FIELDS = ("name", "description")
PARTICIPANT_ITEM_FIELDS = ("dimension", "text", "help_text", "low_label", "mid_label", "high_label")
_STEP_FIELD = re.compile(r"^step_(-?\d+)$")


def participant_languages() -> list[tuple[str, str]]:
    """``[(code, Swedish name)]`` of the languages a card can be translated into (for staff pages)."""
    return [(code, str(staff_name(code))) for code in participant_codes() if code != SOURCE_LANGUAGE]


def is_rtl(language: str) -> bool:
    return language in settings.LANGUAGES_BIDI


def step_field(value: int) -> str:
    """The field name of the words of one step: ``step_3``."""
    return f"step_{value}"


def step_value(name: str) -> int | None:
    """The scale value a ``step_<value>`` field names, else ``None``."""
    match = _STEP_FIELD.match(name)
    return int(match.group(1)) if match else None


def inner_values(item) -> range:
    """The values strictly between the ends of the item's scale: the steps that take step words."""
    return range(item.scale_min + 1, item.scale_max)


def step_label(item, value: int) -> str:
    """The Swedish words of one step between the ends, or ``""`` when the item has none."""
    labels = item.step_labels or []
    index = value - item.scale_min - 1
    return labels[index] if 0 <= index < len(labels) and value < item.scale_max else ""


def source_text(obj, name: str) -> str:
    """The Swedish text of a participant-facing field of an instrument or item (step words included)."""
    value = step_value(name) if isinstance(obj, Item) else None
    if value is not None:
        return step_label(obj, value)
    return getattr(obj, name)


def item_fields(item) -> list[str]:
    """The participant-facing fields of ``item`` that hold a Swedish text, in reading order.

    The middle label is left out when the item has step words: the step words say what every
    step means, the middle included.
    """
    fields = [
        name
        for name in PARTICIPANT_ITEM_FIELDS
        if getattr(item, name) and not (name == "mid_label" and item.step_labels)
    ]
    return fields + [step_field(v) for v in inner_values(item) if step_label(item, v)]


def _check_field(obj, name):
    if isinstance(obj, Item):
        if name in PARTICIPANT_ITEM_FIELDS or step_value(name) is not None:
            return
    elif name in PARTICIPANT_INSTRUMENT_FIELDS:
        return
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
        return self.get_with_language(obj, name)[0]

    def get_with_language(self, obj, name):
        """``(text, language of the text)``: the translation, or the Swedish text marked ``sv``.

        Pages mark a Swedish fallback with ``lang="sv"`` so screen readers pronounce it right.
        """
        _check_field(obj, name)
        row = self.row(obj, name)
        if self.language != SOURCE_LANGUAGE and row is not None and row.text.strip():
            return row.text, self.language
        return source_text(obj, name), SOURCE_LANGUAGE

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
            count += sum(1 for f in item_fields(item) if not self.is_translated(item, f))
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
    swedish = source_text(instrument_or_item, field)
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
