"""The participant's pages reached by a link: only the questions, one per screen, in the link's language."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from stegvis.core.languages import catalogue_languages
from stegvis.progression.instruments.scale import scale_steps
from stegvis.progression.instruments.texts import InstrumentTexts
from stegvis.progression.models import (
    Instrument,
    InstrumentText,
    Item,
    Measurement,
    Respondent,
    SelfAssessmentLink,
    Source,
)
from stegvis.progression.selfassessment import actions

LOCALE = Path(settings.BASE_DIR) / "stegvis" / "locale"
CATALOG_LANGUAGES = ["en", "ar", "prs", "so", "ti", "sw"]


def make_link(world, language="sv", **kwargs):
    return actions.create_link(
        world.users["coord_kba"], world.enrollments["anna"], language=language, **kwargs
    )


def start_url(raw):
    return reverse("selfassessment:start", args=[raw])


def q_url(raw, step):
    return reverse("selfassessment:question", args=[raw, step])


def answer_all(client, raw, total, value="6"):
    for step in range(1, total + 1):
        response = client.post(q_url(raw, step), {"answer": value})
        assert response.status_code == 302


def test_start_page_shows_only_the_questions_intro(world, client):
    _link, raw = make_link(world)
    response = client.get(start_url(raw))
    assert response.status_code == 200
    html = response.content.decode()
    person = world.persons["anna"]
    for secret in (
        person.first_name,
        person.last_name,
        "19850101",
        "850101",
        "Helhetslyftet",
        "Kungsbacka",
        "coord_kba",
    ):
        assert secret not in html
    assert "Det finns inga rätta eller fel svar" in html
    assert "Det är 10 frågor" in html
    assert "<nav" not in html and "Logga ut" not in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_one_question_per_screen_with_words_for_every_step(world, client):
    link, raw = make_link(world)
    response = client.get(q_url(raw, 3))
    html = response.content.decode()
    assert "Fråga 3 av 10" in html
    assert '<progress max="10" value="3"' in html
    items = list(link.instrument.items.order_by("position"))
    assert items[2].text in html
    assert items[1].text not in html and items[3].text not in html
    radios = re.findall(r'<input type="radio" name="answer" value="([^"]+)"', html)
    assert radios == [str(v) for v in range(1, 11)] + ["x"]
    assert "Vet inte / vill inte svara" in html
    # Every step is described in words of its own: the ends, and the item's step words between them.
    words = re.findall(r'class="sa-option__words"[^>]*>([^<]+)<', html)
    assert len(words) == 11 and all(w.strip() for w in words)
    assert words[0] == items[2].low_label and words[9] == items[2].high_label
    assert words[1:9] == items[2].step_labels
    assert len(set(words[:10])) == 10


def test_scale_words_of_an_item_without_step_words_fall_back_to_the_labels():
    item = Item(pk=1, scale_min=1, scale_max=10, low_label="Låg", mid_label="Mitt", high_label="Hög")
    texts = InstrumentTexts(instrument=Instrument(), language="sv")
    with translation.override("en"):  # the phrases follow the texts' language, not the active one
        steps = {s.value: s for s in scale_steps(item, texts)}
    words = {value: step.words for value, step in steps.items()}
    assert words[1] == "Låg" and words[5] == "Mitt" and words[10] == "Hög"
    assert words[2] == "Nästan: Låg" and words[4] == "Nästan: Mitt" and words[9] == "Nästan: Hög"
    assert words[3] == "Mellan ”Låg” och ”Mitt”"
    assert len(steps) == 10
    assert steps[1].end and steps[10].end and not steps[5].end
    assert not steps[3].own_words and steps[5].own_words


def test_step_words_of_an_item_replace_the_fallback():
    item = Item(
        pk=1,
        scale_min=0,
        scale_max=4,
        low_label="Aldrig",
        high_label="Alltid",
        step_labels=["Sällan", "Ibland", "Ofta"],
    )
    texts = InstrumentTexts(instrument=Instrument(), language="sv")
    assert [s.words for s in scale_steps(item, texts)] == ["Aldrig", "Sällan", "Ibland", "Ofta", "Alltid"]


def test_choosing_nothing_gives_a_message_not_a_step_forward(world, client):
    _link, raw = make_link(world)
    response = client.post(q_url(raw, 1), {})
    assert response.status_code == 200
    assert "Välj ett svar." in response.content.decode()
    response = client.post(q_url(raw, 1), {"answer": "11"})
    assert response.status_code == 200


def test_whole_flow_records_a_participant_measurement(world, client):
    link, raw = make_link(world)
    answer_all(client, raw, 10)
    # Change question 2 from the summary, then come back to the summary.
    response = client.post(q_url(raw, 2) + "?fran=kontroll", {"answer": "x", "fran": "kontroll"})
    assert response["Location"] == reverse("selfassessment:review", args=[raw])
    review = client.get(reverse("selfassessment:review", args=[raw])).content.decode()
    assert "Vet inte / vill inte svara" in review
    response = client.post(reverse("selfassessment:review", args=[raw]))
    assert response["Location"] == reverse("selfassessment:thanks", args=[raw])
    assert "Tack för dina svar" in client.get(response["Location"]).content.decode()
    measurement = Measurement.objects.get()
    assert measurement.respondent == Respondent.PARTICIPANT and measurement.source == Source.SELF_LINK
    values = dict(measurement.answers.values_list("item__code", "value"))
    assert values["q1"] == 6 and values["q2"] is None
    # A second send, or opening the link again, is refused with 410.
    again = client.post(reverse("selfassessment:review", args=[raw]))
    assert again.status_code in (302, 410)
    assert client.get(start_url(raw)).status_code == 410
    assert Measurement.objects.count() == 1


def test_used_link_in_another_browser_is_gone(world, client):
    link, raw = make_link(world)
    actions.submit_answers(link, answers={"q1": 5})
    for url in (
        start_url(raw),
        q_url(raw, 1),
        reverse("selfassessment:review", args=[raw]),
        reverse("selfassessment:thanks", args=[raw]),
    ):
        response = client.get(url)
        assert response.status_code == 410, url
        assert "Kontakta den som gav dig länken" in response.content.decode()


def test_expired_link_is_gone(world, client):
    link, raw = make_link(world)
    SelfAssessmentLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(start_url(raw))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Länken fungerar inte" in html and "Anna" not in html
    assert client.post(q_url(raw, 1), {"answer": "3"}).status_code == 410


def test_unknown_token_is_404_in_every_language(db, client):
    response = client.get(start_url("x" * 32))
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html and 'lang="so" dir="ltr"' in html
    assert "The link does not work" in html


def test_step_outside_the_card_is_404(world, client):
    _link, raw = make_link(world)
    assert client.get(q_url(raw, 11)).status_code == 404
    assert client.get(q_url(raw, 0)).status_code == 404


def test_arabic_link_is_right_to_left(world, client):
    _link, raw = make_link(world, language="ar")
    html = client.get(start_url(raw)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "ابدأ" in html
    html = client.get(q_url(raw, 1)).content.decode()
    assert "السؤال 1 من 10" in html


def test_dari_is_right_to_left_and_somali_left_to_right(world, client):
    _link, raw = make_link(world, language="prs")
    assert '<html lang="prs" dir="rtl">' in client.get(start_url(raw)).content.decode()
    _link, raw = make_link(world, language="so")
    assert '<html lang="so" dir="ltr">' in client.get(start_url(raw)).content.decode()


def test_instrument_translation_is_used_and_fallback_marked_swedish(world, client):
    link, raw = make_link(world, language="en")
    item = link.instrument.items.get(code="q1")
    InstrumentText.objects.update_or_create(
        instrument=link.instrument,
        item=item,
        field="text",
        language="en",
        defaults={"text": "Do you know what you can do to get a job, really?"},
    )
    InstrumentText.objects.filter(
        instrument=link.instrument, item=item, field="low_label", language="en"
    ).delete()
    html = client.get(q_url(raw, 1)).content.decode()
    assert "Do you know what you can do to get a job, really?" in html
    assert "Question 1 of 10" in html
    # The low label has no English translation: shown in Swedish, marked as Swedish.
    assert f'lang="sv">{item.low_label}<' in html


def test_the_staff_page_is_not_shown_to_the_public(world, client):
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- The catalogues ------------------------------------------------------------------------------


def _po_entries(path):
    """``[(msgid, msgid_plural or None)]`` of a .po file, continuation lines joined."""
    entries, current, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            if key == "msgid" and current:
                entries.append(current)
                current = {}
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    if current:
        entries.append(current)
    unescape = lambda s: s.replace('\\"', '"').replace("\\\\", "\\")  # noqa: E731
    return [
        (unescape(e["msgid"]), unescape(e["msgid_plural"]) if "msgid_plural" in e else None)
        for e in entries
        if e["msgid"]
    ]


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_every_msgid_is_translated_in_the_compiled_catalogue(language):
    """The .mo in the tree matches the .po: a fresh machine has no msgfmt to compile it."""
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").exists()
    entries = _po_entries(po)
    assert len(entries) > 30
    with translation.override(language):
        for msgid, plural in entries:
            if plural:
                assert translation.ngettext(msgid, plural, 1) != msgid, msgid
                assert translation.ngettext(msgid, plural, 5) != plural, plural
            else:
                assert translation.gettext(msgid) != msgid, msgid


def test_every_participant_language_has_a_catalogue():
    """Every language but Swedish and plain Swedish translates every text; plain Swedish has its own test."""
    assert sorted(catalogue_languages()) == sorted(CATALOG_LANGUAGES)
    codes = [code for code, _name in settings.PARTICIPANT_LANGUAGES if code != settings.LANGUAGE_CODE]
    assert sorted(codes) == sorted([*CATALOG_LANGUAGES, "sv-enkel"])


def test_page_texts_of_the_templates_are_in_the_catalogue():
    """Each {% translate %} text of the participant templates has an entry, so none shows in Swedish."""
    templates = (
        Path(settings.BASE_DIR) / "stegvis" / "progression" / "templates" / "progression" / "selfassessment"
    )
    msgids = {msgid for msgid, _plural in _po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    public = [
        "public_base.html",
        "_read_aloud.html",
        "_progress.html",
        "start.html",
        "question.html",
        "review.html",
        "thanks.html",
        "gone.html",
        "_answered_today.html",
    ]
    for name in public:
        source = (templates / name).read_text(encoding="utf-8")
        for text in re.findall(r'{% translate "([^"]+)" %}', source) + re.findall(
            r"{% translate '([^']+)' %}", source
        ):
            assert text in msgids, f"{name}: {text}"


def test_unreviewed_translation_is_said_in_the_participants_language(world, client):
    link, raw = make_link(world, language="en")
    InstrumentText.objects.filter(instrument=link.instrument, language="en").update(needs_review=True)
    html = client.get(start_url(raw)).content.decode()
    assert "has not yet been checked by a native speaker" in html
    InstrumentText.objects.filter(instrument=link.instrument, language="en").update(needs_review=False)
    assert "native speaker" not in client.get(start_url(raw)).content.decode()
    _link, raw = make_link(world, language="sv")
    assert "modersmål" not in client.get(start_url(raw)).content.decode()


def test_plain_swedish_catalogue_holds_only_texts_that_differ_and_falls_back_to_swedish():
    po = LOCALE / "sv_Enkel" / "LC_MESSAGES" / "django.po"
    assert (LOCALE / "sv_Enkel" / "LC_MESSAGES" / "django.mo").exists()
    entries = _po_entries(po)
    swedish = {msgid for msgid, _plural in _po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")}
    assert entries and {msgid for msgid, _plural in entries} <= swedish
    with translation.override("sv"):
        required = translation.gettext("This field is required.")  # Django's, or a library's, Swedish
    assert required != "This field is required."
    with translation.override("sv-enkel"):
        for msgid, plural in entries:
            if plural:
                assert translation.ngettext(msgid, plural, 1) != msgid, msgid
            else:
                assert translation.gettext(msgid) != msgid, msgid
        # Not in the plain catalogue: the Swedish text, and Django's own texts in Swedish.
        assert translation.gettext("Nästa") == "Nästa"
        assert translation.gettext("This field is required.") == required
        assert not translation.get_language_bidi()


def test_a_plain_swedish_link_shows_plain_texts_and_swedish_where_nothing_is_simpler(world, client):
    link, raw = make_link(world, language="sv-enkel")
    html = client.get(start_url(raw)).content.decode()
    assert '<html lang="sv-enkel" dir="ltr">' in html
    assert "Inga svar är fel." in html and "Börja" in html
    assert "Ingen har granskat texten på lätt svenska än." in html  # the card's plain texts are drafts
    assert 'data-speech-lang="sv-SE"' in html
    html = client.get(q_url(raw, 10)).content.decode()
    assert "Vet du vilket jobb du vill ha?" in html  # the plain question
    q1 = link.instrument.items.get(code="q1")
    html = client.get(q_url(raw, 1)).content.decode()
    # No plain wording of q1: the Swedish text, marked as Swedish for screen readers.
    assert f'lang="sv">{q1.text}<' in html and "Nästa" in html
