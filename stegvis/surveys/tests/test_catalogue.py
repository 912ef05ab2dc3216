"""The participant-facing texts of the surveys app are translated into every participant language."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from stegvis.core.languages import catalogue_languages

LOCALE = Path(__file__).resolve().parent.parent / "locale"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "surveys" / "public"
# Plain Swedish (sv-enkel) has no catalogue here: its pages fall back to the Swedish texts.
LANGUAGES = catalogue_languages()


def _msgids(po):
    return [
        m.replace('\\"', '"') for m in re.findall(r'^msgid "(.+)"$', po.read_text(encoding="utf-8"), re.M)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_in_the_compiled_catalogue(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()
    assert "native speaker" in po.read_text(encoding="utf-8").splitlines()[1]
    msgids = _msgids(po)
    assert len(msgids) > 20
    with translation.override(language):
        for msgid in msgids:
            assert translation.gettext(msgid) != msgid, msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_participant_templates_is_translated(language):
    """Each {% translate %} text of the public pages is translated (here or in the shared catalogue)."""
    texts = set()
    for template in TEMPLATES.glob("*.html"):
        source = template.read_text(encoding="utf-8")
        texts |= set(re.findall(r'{% translate "([^"]+)" %}', source))
    assert len(texts) >= 8
    with translation.override(language):
        for text in texts:
            assert translation.gettext(text) != text, text


def test_scale_words_are_translated():
    from stegvis.surveys.scale import scale_words

    swedish = scale_words()
    for language in LANGUAGES:
        with translation.override(language):
            assert not set(scale_words().values()) & set(swedish.values()), language
