"""The words of every step of an item's scale, in one language.

One function, :func:`scale_steps`, says what each value of an item's scale reads as: the
participant's phone shows it under each number, the summary repeats it, and a screen that shows
a card in two languages side by side (an interpreter's) calls it once per language::

    texts_sv, texts_ar = load_texts(instrument, "sv"), load_texts(instrument, "ar")
    for item in instrument.items.all():
        pairs = zip(scale_steps(item, texts_sv), scale_steps(item, texts_ar), strict=True)

The rule, per value of the scale:

1. the lowest and highest value read as the item's own ``low_label`` and ``high_label`` (what the
   ends of the scale mean);
2. a value in between reads as the item's step words for it (``step_labels``, translated as
   ``step_<value>``); an instrument written with step words for every item (the default card)
   never gets further than this, so every step of every item has words of its own;
3. an item without step words falls back to the older description: the middle value reads as the
   ``mid_label`` if there is one, and any other value as the label it is nearest ("Nästan: …"),
   or "Mellan ”…” och ”…”" when it is equally near two. Those words repeat between steps, which is
   why the instrument pages ask for step words.

Texts missing in the language are shown in Swedish, and each step says which language its words
are in, so a page can mark them ``lang="sv"``.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from stegvis.progression.instruments.texts import InstrumentTexts, step_field, step_label


@dataclass(frozen=True)
class Step:
    """One value of the scale and its words.

    ``lang`` is the language the words are in (Swedish where the translation is missing); ``end``
    is true for the lowest and highest value; ``own_words`` is false where the words were made up
    from the end and middle labels (rule 3 above).
    """

    value: int
    words: str
    lang: str
    end: bool = False
    own_words: bool = True


def scale_steps(item, texts: InstrumentTexts) -> list[Step]:
    """Every value of ``item``'s scale, lowest first, with its words in ``texts.language``.

    ``texts`` comes from :func:`~stegvis.progression.instruments.texts.load_texts` for the item's
    instrument; no query is made here.
    """
    low, high = item.scale_min, item.scale_max
    steps = []
    for value in range(low, high + 1):
        if value in (low, high):
            words, lang = texts.get_with_language(item, "low_label" if value == low else "high_label")
            steps.append(Step(value, words, lang, end=True))
        elif step_label(item, value):
            words, lang = texts.get_with_language(item, step_field(value))
            steps.append(Step(value, words, lang))
        else:
            steps.append(_derived_step(item, value, texts))
    return steps


def step_words(item, value: int, texts: InstrumentTexts) -> Step | None:
    """The :class:`Step` of one value (``None`` if the value is not on the item's scale)."""
    return next((step for step in scale_steps(item, texts) if step.value == value), None)


def _derived_step(item, value, texts):
    """Rule 3: words made from the end and middle labels, for an item without step words."""
    low, high = item.scale_min, item.scale_max
    anchors = [(low, texts.get_with_language(item, "low_label"))]
    mid = (low + high) // 2
    if item.mid_label and low < mid < high:
        anchors.append((mid, texts.get_with_language(item, "mid_label")))
    anchors.append((high, texts.get_with_language(item, "high_label")))
    by_value = dict(anchors)
    if value in by_value:
        words, lang = by_value[value]
        return Step(value, words, lang)
    before = max((a for a in anchors if a[0] < value), key=lambda a: a[0])
    after = min((a for a in anchors if a[0] > value), key=lambda a: a[0])
    # The phrases are page texts: in the catalogue of the language asked for, whatever is active.
    with translation.override(texts.language):
        if value - before[0] < after[0] - value:
            words, lang = _("Nästan: %(label)s") % {"label": before[1][0]}, before[1][1]
        elif value - before[0] > after[0] - value:
            words, lang = _("Nästan: %(label)s") % {"label": after[1][0]}, after[1][1]
        else:
            words = _("Mellan ”%(low)s” och ”%(high)s”") % {"low": before[1][0], "high": after[1][0]}
            lang = before[1][1]
    return Step(value, words, lang, own_words=False)
