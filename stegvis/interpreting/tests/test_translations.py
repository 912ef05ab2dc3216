"""The words interpreter mode and "Din plan" put in the participant's language are in every catalogue."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from stegvis.casework.models import Direction, GoalStatus, StepOwner, StepStatus
from stegvis.casework.testing import anna_goal, anna_step
from stegvis.core.languages import catalogue_languages
from stegvis.interpreting import card, plan, sheet

# Plain Swedish translates only what it says more simply; the rest falls back to Swedish.
LANGUAGES = catalogue_languages()
DIN_PLAN = (
    Path(settings.BASE_DIR) / "stegvis" / "casework" / "templates" / "casework" / "participant_plan.html"
)


def _participant_words():
    words = [*plan.LABELS.values(), *plan.HEADINGS.values(), *plan.STATES.values(), *sheet.WORDS.values()]
    words.append(card.DONT_KNOW_LABEL)
    words += [label for choices in (Direction, GoalStatus, StepStatus) for label in choices.labels]
    words += [StepOwner.DELTAGARE.label, StepOwner.KOORDINATOR.label]  # another actor is named as written
    with translation.override(settings.LANGUAGE_CODE):
        return sorted({str(word) for word in words})


def _din_plan_texts():
    """Every text of "Din plan" inside its {% language %} block, as msgids."""
    source = DIN_PLAN.read_text(encoding="utf-8")
    block = source[source.index("{% language plan_language %}") : source.index("{% endlanguage %}")]
    texts = set(re.findall(r'{% translate "([^"]+)" %}', block))
    for body in re.findall(r"{% blocktranslate [^%]*%}(.*?){% endblocktranslate %}", block):
        texts.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", body))
    return sorted(texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_word_is_translated(language):
    texts = _participant_words() + _din_plan_texts()
    assert len(texts) > 40
    with translation.override(language):
        missing = [text for text in texts if translation.gettext(text) == text]
    assert not missing, missing


@pytest.mark.django_db
def test_din_plan_can_be_printed_in_the_participants_language(world, login_as):
    goal = anna_goal(world, text="Jobb inom förskolan")
    anna_step(world, goal=goal, what="Praktik på en förskola", owner="deltagare")
    client = login_as(world.users["coord_kba"])
    url = reverse("casework:participant_plan", args=[world.enrollments["anna"].pk])
    html = client.get(url + "?sprak=ar").content.decode()
    assert '<article class="your-plan" aria-labelledby="din-plan-h" lang="ar" dir="rtl">' in html
    assert "خطتك يا Anna" in html and "أنت تقوم بذلك." in html and "يجب أن يتمّ ذلك قبل 2023-04-01." in html
    assert '<span lang="sv" dir="ltr">Jobb inom förskolan</span>' in html
    assert '<span lang="sv" dir="ltr">Praktik på en förskola</span>' in html
    assert '<option value="ar" selected>arabiska</option>' in html
    assert '<html lang="sv">' in html and "Skriv ut" in html  # the page around it stays Swedish
    # By default in Swedish, as before, with the month in words.
    html = client.get(url).content.decode()
    assert '<article class="your-plan" aria-labelledby="din-plan-h">' in html
    assert "Din plan, Anna" in html and "Det ska vara klart 1 april 2023." in html
    # A language that is not offered: said at the field, the plan stays Swedish.
    response = client.get(url + "?sprak=de")
    assert response.status_code == 200 and "Välj ett av språken i listan." in response.content.decode()
    assert "Din plan, Anna" in response.content.decode()
