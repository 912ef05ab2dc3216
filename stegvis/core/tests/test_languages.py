"""Language names: Swedish on staff pages, each language's own name on participant pages, one list."""

from django.conf import settings

from stegvis.core import languages


def test_every_participant_language_has_a_swedish_name_and_a_speech_tag():
    for code in languages.participant_codes():
        assert code in languages.LANGUAGES, code
        assert languages.LANGUAGES[code].speech, code
    assert dict(languages.staff_choices()) == {
        "sv": "Svenska",
        "sv-enkel": "Lätt svenska",
        "en": "Engelska",
        "ar": "Arabiska",
        "prs": "Dari",
        "so": "Somaliska",
        "ti": "Tigrinja",
        "sw": "Swahili",
    }


def test_participant_pages_name_each_language_in_itself():
    names = dict(languages.participant_choices())
    assert names == dict(settings.PARTICIPANT_LANGUAGES)
    assert names["ar"] == "العربية" and names["ti"] == "ትግርኛ" and names["sv-enkel"] == "Lätt svenska"
    assert languages.own_name("ku") == "Kurdiska"  # not a participant language: its Swedish name


def test_plain_swedish_is_a_form_of_swedish_not_a_language_of_its_own():
    assert languages.source_language("sv-enkel") == "sv" and languages.is_swedish("sv-enkel")
    assert languages.speech_language("sv-enkel") == "sv-SE"
    assert "sv-enkel" not in languages.catalogue_languages() and "sv" not in languages.catalogue_languages()
    assert "sv-enkel" not in dict(languages.person_language_choices())
    assert languages.staff_name("xx") == "xx"
