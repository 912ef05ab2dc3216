"""Every language Stegvis names, with its Swedish name and its own name, in one place.

Staff pages are Swedish, so staff forms and lists name a language in Swedish ("Arabiska");
participant pages name each language in itself ("العربية"), so a reader finds their own. Which
languages participant pages are offered in is ``settings.PARTICIPANT_LANGUAGES`` (each code with
its own name); this module adds what staff pages and the participant pages' read-aloud need:

- :func:`staff_name` and :func:`staff_choices` — the Swedish name, for staff pages;
- :func:`own_name` and :func:`participant_choices` — the name in the language itself;
- :func:`person_language_choices` — the languages a person's preferred language can be;
- :func:`speech_language` — the tag a browser's speech synthesis understands best;
- :func:`source_language` and :func:`catalogue_languages` — plain Swedish (``sv-enkel``) is a form
  of Swedish: its catalogue holds only the texts that differ, and everything else falls back to
  Swedish, so it is not held to the "every text translated" rule of the other catalogues.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PLAIN_SWEDISH = "sv-enkel"


@dataclass(frozen=True)
class Language:
    code: str
    staff_name: "StrOrPromise"
    speech: str = ""
    # A form of another language (plain Swedish of Swedish): its texts fall back to that language.
    form_of: str = ""


# Person-form order: Swedish first, then the languages most participants speak.
LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("sv", _("Svenska"), "sv-SE"),
        Language(PLAIN_SWEDISH, _("Lätt svenska"), "sv-SE", form_of="sv"),
        Language("ar", _("Arabiska"), "ar"),
        Language("prs", _("Dari"), "fa-AF"),
        Language("so", _("Somaliska"), "so-SO"),
        Language("ti", _("Tigrinja"), "ti-ER"),
        Language("sw", _("Swahili"), "sw-KE"),
        Language("en", _("Engelska"), "en-GB"),
        Language("fa", _("Persiska"), "fa-IR"),
        Language("ku", _("Kurdiska"), "ku"),
        Language("uk", _("Ukrainska"), "uk-UA"),
        Language("ru", _("Ryska"), "ru-RU"),
    )
}


def staff_name(code: str) -> "StrOrPromise":
    """The Swedish name of a language, for staff pages; an unknown code is shown as it is."""
    language = LANGUAGES.get(code)
    return language.staff_name if language else code


def own_name(code: str) -> str:
    """A participant language's name in itself (``العربية``); else its Swedish name."""
    return dict(settings.PARTICIPANT_LANGUAGES).get(code) or str(staff_name(code))


def participant_codes() -> list[str]:
    """The codes of the languages participant pages can be in, in the settings' order."""
    return [code for code, _name in settings.PARTICIPANT_LANGUAGES]


def participant_choices() -> list[tuple[str, str]]:
    """``[(code, own name)]`` of the participant languages: for participant pages."""
    return [(code, own_name(code)) for code in participant_codes()]


def staff_choices() -> "list[tuple[str, StrOrPromise]]":
    """``[(code, Swedish name)]`` of the participant languages: for staff forms and lists."""
    return [(code, staff_name(code)) for code in participant_codes()]


def person_language_choices() -> "list[tuple[str, StrOrPromise]]":
    """``[(code, Swedish name)]`` a person's preferred language can be: languages, not forms of one."""
    return [(lang.code, lang.staff_name) for lang in LANGUAGES.values() if not lang.form_of]


def speech_language(code: str) -> str:
    """The tag for the browser's speech synthesis (``sv-SE`` for Swedish and plain Swedish)."""
    language = LANGUAGES.get(code)
    return language.speech if language and language.speech else code


def source_language(code: str) -> str:
    """The language a form of a language falls back to (``sv`` for ``sv-enkel``); else the code itself."""
    language = LANGUAGES.get(code)
    return language.form_of if language and language.form_of else code


def is_swedish(code: str) -> bool:
    """Swedish or a form of it: no translation of their own is needed to show the page."""
    return source_language(code) == settings.LANGUAGE_CODE


def catalogue_languages() -> list[str]:
    """Participant languages whose catalogues must translate every text (not Swedish nor its forms)."""
    return [code for code in participant_codes() if not is_swedish(code)]
