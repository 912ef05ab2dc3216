"""The public pages' texts are translated into every participant language, from the committed .mo files."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from stegvis.core.languages import catalogue_languages
from stegvis.intake.forms import SelfReferralForm
from stegvis.intake.models import AgeGroup, BestTime, ContactMethod

LOCALE = Path(__file__).resolve().parent.parent / "locale"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "intake"
# Plain Swedish (sv-enkel) has no catalogue here: its pages fall back to the Swedish texts.
LANGUAGES = catalogue_languages()


def po_msgids(path):
    text = path.read_text(encoding="utf-8")
    return [match.replace('\\"', '"') for match in re.findall(r'^msgid "(.+)"$', text, flags=re.M)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_is_translated_by_the_loaded_catalogue(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()
    assert "NEEDS REVIEW BY A NATIVE SPEAKER" in po.read_text(encoding="utf-8")
    msgids = po_msgids(po)
    assert len(msgids) > 60
    with translation.override(language):
        for msgid in msgids:
            assert translation.gettext(msgid) != msgid, f"{language}: {msgid}"


def test_every_language_has_the_same_messages():
    reference = sorted(po_msgids(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    for language in LANGUAGES:
        assert sorted(po_msgids(LOCALE / language / "LC_MESSAGES" / "django.po")) == reference, language


def _public_texts():
    """Every text the public sees: the public templates, the form's labels and the choices."""
    texts = set()
    for template in (TEMPLATES / "public").glob("*.html"):
        source = template.read_text(encoding="utf-8")
        texts |= set(re.findall(r'{% translate "([^"]+)" %}', source))
        texts |= set(re.findall(r"{% translate '([^']+)' %}", source))
        for body in re.findall(r"{% blocktranslate with ([^%]+)%}(.*?){% endblocktranslate %}", source):
            texts.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body[1]))
    poster = (TEMPLATES / "poster.html").read_text(encoding="utf-8").split("{% endlanguage %}", 2)[-1]
    texts |= set(re.findall(r'{% translate "([^"]+)" %}', poster))
    with translation.override("sv"):
        form = SelfReferralForm()
        for field in form.fields.values():
            texts.add(str(field.label))
            if field.help_text and "%" not in str(field.help_text) and "500" not in str(field.help_text):
                texts.add(str(field.help_text))
    for choices in (ContactMethod, BestTime, AgeGroup):
        texts |= {str(label) for _value, label in choices.choices}
    return texts


def test_every_public_text_is_in_the_catalogue():
    msgids = set(po_msgids(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    missing = sorted(_public_texts() - msgids)
    assert not missing, missing
