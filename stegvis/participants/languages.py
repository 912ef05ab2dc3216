"""Which participant language a staff page shows the participant's texts in (``?sprak=``).

Staff pages are Swedish. A page that shows or prints texts for the participant (the plan to hand
over, the questions in a meeting with an interpreter) lets staff choose one of
``settings.PARTICIPANT_LANGUAGES``. One form and one reading of the choice, so every such page
validates and defaults it the same way: an unknown code is shown as an error at the field and
the page carries on in the default language, never a server error.
"""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.languages import is_swedish, own_name, participant_codes, staff_name

if TYPE_CHECKING:
    from django.http import HttpRequest

    from stegvis.participants.models import Person

PARAMETER = "sprak"


__all__ = ["chosen_language", "language_codes", "own_name", "preferred_language", "swedish_name"]


def language_codes(*, swedish: bool = True) -> list[str]:
    """The participant languages' codes, Swedish first (or, with ``swedish=False``, Swedish and
    plain Swedish left out: beside Swedish they would say the same)."""
    return [code for code in participant_codes() if swedish or not is_swedish(code)]


def swedish_name(code: str) -> str:
    """The language's name in Swedish as running text says it (``arabiska``), for staff.

    Lower case, as Swedish writes language names within a sentence ("på svenska och arabiska");
    the names themselves come from :func:`stegvis.core.languages.staff_name`.
    """
    return str(staff_name(code)).lower()


def preferred_language(person: "Person", *, swedish: bool = True) -> str:
    """The person's preferred language if it is a participant language, else the first one offered."""
    codes = language_codes(swedish=swedish)
    return person.language if person.language in codes else codes[0]


class LanguageForm(forms.Form):
    """The language choice of such a page: a GET form, so the address says which language is shown."""

    def __init__(self, *args, swedish: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[PARAMETER] = forms.ChoiceField(
            label=_("Språk"),
            choices=[(code, swedish_name(code)) for code in language_codes(swedish=swedish)],
            error_messages={"invalid_choice": _("Välj ett av språken i listan.")},
        )


def chosen_language(
    request: "HttpRequest", default: str, *, swedish: bool = True
) -> tuple[str, LanguageForm]:
    """``(language, form)``: the language asked for in the address, else ``default``.

    A code that is not offered leaves the page in ``default`` with the form's error shown.
    """
    if PARAMETER in request.GET:
        form = LanguageForm(request.GET, swedish=swedish)
        if form.is_valid():
            return form.cleaned_data[PARAMETER], form
        return default, form
    return default, LanguageForm(initial={PARAMETER: default}, swedish=swedish)
