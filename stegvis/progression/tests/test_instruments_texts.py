"""Default translations of the progression card and reading texts with a Swedish fallback."""

import pytest

from stegvis.progression.defaults import PROGRESSIONSKORT
from stegvis.progression.instruments import default_translations as defaults
from stegvis.progression.instruments.texts import (
    PARTICIPANT_INSTRUMENT_FIELDS,
    PARTICIPANT_ITEM_FIELDS,
    load_texts,
    translated,
)
from stegvis.progression.models import Instrument, InstrumentText

LANGUAGES = ["en", "ar", "prs", "so", "ti", "sw"]


@pytest.fixture
def card(db):
    return Instrument.objects.get(code="progressionskort", version=1)


def test_translation_data_covers_every_language_item_and_field():
    item_codes = [code for code, *_rest in PROGRESSIONSKORT["items"]]
    assert sorted(defaults.TRANSLATIONS) == sorted(LANGUAGES)
    for language, data in defaults.TRANSLATIONS.items():
        assert data["name"].strip() and data["description"].strip(), language
        assert list(data["items"]) == item_codes, language
        for code, texts in data["items"].items():
            assert len(texts) == len(defaults.ITEM_FIELDS) == len(PARTICIPANT_ITEM_FIELDS), (language, code)
            assert all(t.strip() for t in texts), (language, code)
    # A translation is not the Swedish text copied over.
    swedish = {
        t for _c, d, text, _s, lo, mid, hi in PROGRESSIONSKORT["items"] for t in (d, text, lo, mid, hi)
    }
    for language in LANGUAGES:
        assert not swedish & {text for _c, _f, text in defaults.rows(language)}, language


def test_migration_installed_every_text_of_every_language_as_needing_review(card):
    items = list(card.items.all())
    expected = len(PARTICIPANT_INSTRUMENT_FIELDS) + len(items) * len(PARTICIPANT_ITEM_FIELDS)
    for language in LANGUAGES:
        rows = InstrumentText.objects.filter(instrument=card, language=language)
        assert rows.count() == expected, language
        assert not rows.filter(needs_review=False).exists(), language
        for item in items:
            assert rows.filter(item=item).count() == len(PARTICIPANT_ITEM_FIELDS)
    # The staff question stays Swedish.
    assert not InstrumentText.objects.filter(field="staff_text").exists()


def test_install_again_adds_nothing_and_keeps_edited_rows(card):
    from stegvis.progression.models import Item

    row = InstrumentText.objects.get(instrument=card, item=None, field="name", language="en")
    row.text, row.needs_review = "Progress card (checked)", False
    row.save()
    before = InstrumentText.objects.count()
    defaults.install(Instrument, Item, InstrumentText)
    assert InstrumentText.objects.count() == before
    row.refresh_from_db()
    assert row.text == "Progress card (checked)" and not row.needs_review


def test_translated_returns_the_translation_and_falls_back_to_swedish(card):
    q1 = card.items.get(code="q1")
    assert translated(card, "name", "en") == "Progress card"
    assert translated(q1, "text", "ar") == defaults.TRANSLATIONS["ar"]["items"]["q1"][1]
    assert translated(q1, "text", "sv") == q1.text
    assert translated(q1, "text", "") == q1.text
    # A language without translations, and a deleted translation, fall back to Swedish.
    assert translated(q1, "text", "fi") == q1.text
    InstrumentText.objects.filter(item=q1, field="low_label", language="so").delete()
    assert translated(q1, "low_label", "so") == q1.low_label
    with pytest.raises(ValueError):
        translated(q1, "staff_text", "en")


def test_load_texts_reads_a_whole_card_in_one_query(card, django_assert_num_queries):
    items = list(card.items.all())
    with django_assert_num_queries(1):
        texts = load_texts(card, "prs")
        values = [texts.get(item, f) for item in items for f in PARTICIPANT_ITEM_FIELDS]
        name = texts.get(card, "name")
    assert name == defaults.TRANSLATIONS["prs"]["name"]
    assert values[0] == defaults.TRANSLATIONS["prs"]["items"]["q1"][0]
    assert texts.rtl and texts.needs_review and texts.missing(items) == 0
    with django_assert_num_queries(0):
        swedish = load_texts(card, "sv")
    assert swedish.get(items[0], "text") == items[0].text and not swedish.needs_review and not swedish.rtl

    InstrumentText.objects.filter(instrument=card, language="sw", item=items[2], field="text").delete()
    partial = load_texts(card, "sw")
    assert partial.get(items[2], "text") == items[2].text
    assert partial.missing(items) == 1
