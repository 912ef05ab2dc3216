"""Every text of Min sida the participant reads is translated into every participant language."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from stegvis.core.languages import catalogue_languages
from stegvis.minsida import actions, texts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "minsida"
# The participant's pages (the staff's pages are create.html, _link_form.html, requests.html, participant/).
PARTICIPANT_TEMPLATES = [
    "base.html",
    "_language_menu.html",
    "_read_aloud.html",
    "_consent.html",
    "home.html",
    "landing.html",
    "signed_out.html",
    "logout.html",
    "language.html",
    "withdraw.html",
    "gone.html",
    "eid_refused.html",
]
# Plain Swedish translates only what it says more simply; the rest falls back to Swedish.
LANGUAGES = catalogue_languages()


def _variables(text):
    return re.sub(r"{{ *(\w+) *}}", r"%(\1)s", text)


def template_texts():
    """``[(singular, plural or None)]`` of the participant templates, as gettext sees them."""
    found = []
    for name in PARTICIPANT_TEMPLATES:
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        found += [(t, None) for t in re.findall(r'{% translate "([^"]+)"', source)]
        found += [(t, None) for t in re.findall(r"{% translate '([^']+)'", source)]
        for body in re.findall(r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source, re.S):
            singular, _sep, plural = body.partition("{% plural %}")
            found.append((_variables(singular), _variables(plural) if plural else None))
    return found


def test_the_templates_have_texts_to_check():
    assert len(template_texts()) > 60


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_of_the_participant_templates_is_translated(language):
    with translation.override(language):
        for singular, plural in template_texts():
            if plural:
                assert translation.ngettext(singular, plural, 1) != singular, singular
                assert translation.ngettext(singular, plural, 5) != plural, plural
            else:
                assert translation.gettext(singular) != singular, singular


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_words_from_python_are_translated(language):
    words = [
        *texts.CONSENT_SENTENCES.values(),
        *texts.CONTACT_CHANNELS.values(),
        *texts.MEETING_KINDS.values(),
        actions.MESSAGE.subject,
        actions.MESSAGE.text,
    ]
    swedish = [str(w) for w in words]
    with translation.override(language):
        for word, original in zip(words, swedish, strict=True):
            assert str(word) != original, original
