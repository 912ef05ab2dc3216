"""Default translations of the progression card and reading texts with a Swedish fallback."""

import pytest
from django.conf import settings

from stegvis.progression import defaults as card_defaults
from stegvis.progression.defaults import PROGRESSIONSKORT
from stegvis.progression.instruments import default_translations as defaults
from stegvis.progression.instruments.scale import scale_steps
from stegvis.progression.instruments.texts import (
    PARTICIPANT_INSTRUMENT_FIELDS,
    item_fields,
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
            assert len(texts) == len(defaults.ITEM_FIELDS), (language, code)
            assert all(t.strip() for t in texts), (language, code)
        ladders = defaults.LADDERS[language]
        assert ladders.keys() == card_defaults.STEP_LADDERS.keys(), language
        for name, words in ladders.items():
            assert len(words) == len(card_defaults.STEP_LADDERS[name]) and all(w.strip() for w in words)
        assert defaults.HELP_TEXTS[language].keys() == card_defaults.HELP_TEXTS.keys(), language
    # A translation is not the Swedish text copied over.
    swedish = {t for _c, d, text, _s, lo, hi in PROGRESSIONSKORT["items"] for t in (d, text, lo, hi)}
    swedish |= {w for words in card_defaults.STEP_LADDERS.values() for w in words}
    swedish |= set(card_defaults.HELP_TEXTS.values())
    for language in LANGUAGES:
        assert not swedish & {text for _c, _f, text in defaults.rows(language)}, language


def test_plain_swedish_says_only_what_can_be_said_more_simply():
    """Each plain-Swedish text replaces a Swedish text of the card with different, shorter or
    more everyday words; everything else falls back to the Swedish text."""
    items = {
        code: (text, card_defaults.step_labels(code)) for code, _d, text, *_rest in PROGRESSIONSKORT["items"]
    }
    for (code, field), text in defaults.PLAIN_SWEDISH.items():
        if code is None:
            assert field == "description" and text != PROGRESSIONSKORT["description"]
            continue
        swedish_text, steps = items[code]
        if field == "text":
            assert text != swedish_text and len(text) <= len(swedish_text), code
        else:
            value = int(field.removeprefix("step_"))
            assert text not in steps and text != steps[value - defaults.FIRST_STEP], (code, field)


def test_the_default_card_has_words_for_every_step_and_a_few_explanations(card):
    for item in card.items.all():
        assert len(item.step_labels) == 8 and not item.mid_label, item.code
    assert sorted(card.items.exclude(help_text="").values_list("code", flat=True)) == ["q2", "q5", "q9"]


def test_migration_installed_every_text_of_every_language_as_needing_review(card):
    items = list(card.items.all())
    expected = len(PARTICIPANT_INSTRUMENT_FIELDS) + sum(len(item_fields(item)) for item in items)
    assert expected == 2 + 10 * 4 + 10 * 8 + 3  # no middle labels: the step words say what the middle means
    for language in LANGUAGES:
        rows = InstrumentText.objects.filter(instrument=card, language=language)
        assert rows.count() == expected, language
        assert not rows.filter(needs_review=False).exists(), language
        for item in items:
            assert rows.filter(item=item).count() == len(item_fields(item))
    plain = InstrumentText.objects.filter(instrument=card, language="sv-enkel")
    assert plain.count() == len(defaults.PLAIN_SWEDISH) and not plain.filter(needs_review=False).exists()
    # The staff question stays Swedish, and no middle label is left to translate.
    assert not InstrumentText.objects.filter(field__in=["staff_text", "mid_label"]).exists()


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
        values = [texts.get(item, f) for item in items for f in item_fields(item)]
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


@pytest.mark.parametrize("language", [code for code, _name in settings.PARTICIPANT_LANGUAGES])
def test_every_step_of_every_item_has_its_own_words_in_every_language(card, language):
    """On the default card no two steps of a question read alike, in any participant language."""
    texts = load_texts(card, language)
    for item in card.items.all():
        steps = scale_steps(item, texts)
        words = [step.words.strip().casefold() for step in steps]
        assert len(steps) == 10 and all(words), (language, item.code)
        assert len(set(words)) == len(words), (language, item.code, words)
        assert all(step.own_words for step in steps), (language, item.code)
        if language not in ("sv", "sv-enkel"):  # plain Swedish falls back to Swedish on purpose
            assert {step.lang for step in steps} == {language}, (language, item.code)


def test_an_interpreter_screen_can_set_two_languages_side_by_side(card):
    item = card.items.get(code="q6")
    pairs = list(
        zip(scale_steps(item, load_texts(card, "sv")), scale_steps(item, load_texts(card, "ti")), strict=True)
    )
    assert [(sv.value, sv.words) for sv, _ti in pairs][4] == (5, "Ibland")
    assert all(sv.value == ti.value and ti.lang == "ti" and sv.lang == "sv" for sv, ti in pairs)
