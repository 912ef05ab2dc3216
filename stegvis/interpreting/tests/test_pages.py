"""Interpreter mode's pages: both languages with the right lang/dir, registering answers, audit, queries.

anna (test world) is enrolled in Helhetslyftet by Kungsbacka; the project has no measurement plan,
so its card is the default progression card with its draft translations.
"""

import datetime
import re

import pytest
from django.db import connection
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.casework.testing import anna_goal, anna_step
from stegvis.participants.models import Person
from stegvis.progression.measuring.testing import default_card
from stegvis.progression.models import Instrument, InstrumentText, Measurement

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _screen(world, language=None, key="anna"):
    url = reverse("interpreting:selfassessment", args=[world.enrollments[key].pk])
    return f"{url}?sprak={language}" if language else url


def _section(html, element_id):
    """The HTML of the element with ``element_id`` up to the next question (or the end of the form)."""
    start = html.index(f'id="{element_id}"')
    end = html.find('<section class="tolk-q', start + 1)
    return html[start : end if end > 0 else html.index("</form>", start)]


def _arabic(text):
    return InstrumentText.objects.get(
        instrument=default_card(), item__code="q1", field="text", language="ar"
    ).text


def _translation(field, language, item="q1"):
    return InstrumentText.objects.get(
        instrument=default_card(), item__code=item, field=field, language=language
    ).text


# --- The self-assessment screen ------------------------------------------------------------------


def test_every_question_and_step_is_in_swedish_and_arabic_with_lang_and_dir(world, login_as):
    response = login_as(world.users["coord_kba"]).get(_screen(world, "ar"))
    assert response.status_code == 200
    html = response.content.decode()
    card = default_card()
    items = list(card.items.all())
    assert len(items) == 10
    for item in items:
        part = _section(html, f"fraga-{item.code}")
        assert (
            f'<span class="pair__sv" lang="sv" dir="ltr" data-say="sv" data-speech-lang="sv-SE">{item.text}'
            in part
        )
        arabic = _translation("text", "ar", item.code)
        assert f'lang="ar" dir="rtl" data-say="other" data-speech-lang="ar">{arabic}</span>' in part
        # every step of the scale has a radio button, and the words in both languages
        values = re.findall(rf'name="q_{item.code}" value="([^"]+)"', part)
        assert values == [str(v) for v in range(item.scale_min, item.scale_max + 1)] + ["vet-inte"]
        assert item.low_label in part and _translation("low_label", "ar", item.code) in part
        assert item.high_label in part and _translation("high_label", "ar", item.code) in part
        assert "Vet inte / vill inte svara" in part and "لا أعرف / لا أريد الإجابة" in part
    assert html.count('dir="rtl"') >= 10 * 12
    assert 'data-read-column="other" data-speech-lang="ar"' in html  # read-aloud in Arabic
    assert "inte granskad av någon som har språket som modersmål" in html  # the drafts are unreviewed
    assert response["Cache-Control"] == "no-store"


def test_the_language_starts_as_the_persons_preferred_one(world, login_as):
    client = login_as(world.users["coord_kba"])
    Person.objects.filter(pk=world.persons["anna"].pk).update(language="prs")
    html = client.get(_screen(world)).content.decode()
    assert 'lang="prs" dir="rtl"' in html and '<option value="prs" selected>dari</option>' in html
    # A preferred language without a translation (Swedish, Persian) starts in English.
    Person.objects.filter(pk=world.persons["anna"].pk).update(language="fa")
    html = client.get(_screen(world)).content.decode()
    assert 'lang="en" dir="ltr"' in html and '<option value="en" selected>engelska</option>' in html
    assert 'value="sv"' not in html  # Swedish beside Swedish is not offered


def test_an_unknown_language_is_an_error_at_the_field_not_a_server_error(world, login_as):
    response = login_as(world.users["coord_kba"]).get(_screen(world, "xx"))
    assert response.status_code == 200
    assert "Välj ett av språken i listan." in response.content.decode()


def test_a_text_without_translation_is_swedish_marked_sv_and_flagged(world, login_as):
    InstrumentText.objects.filter(
        instrument=default_card(), item__code="q3", field="text", language="so"
    ).delete()
    html = login_as(world.users["coord_kba"]).get(_screen(world, "so")).content.decode()
    part = _section(html, "fraga-q3")
    swedish = default_card().items.get(code="q3").text
    # Both sides show the Swedish text; the participant's side is marked Swedish, not Somali.
    assert (
        f'<span class="pair__other" lang="sv" dir="ltr" data-say="other" data-speech-lang="sv-SE">{swedish}</span>'
        in part
    )
    assert "Saknar översättning, visas på svenska" in part
    assert "1 text saknar översättning till somaliska och visas på svenska." in html
    assert "Saknar översättning" not in _section(html, "fraga-q2")


def test_a_reviewed_translation_has_no_notice(world, login_as):
    InstrumentText.objects.filter(instrument=default_card(), language="en").update(needs_review=False)
    html = login_as(world.users["coord_kba"]).get(_screen(world, "en")).content.decode()
    assert "inte granskad" not in html


def _answers(**values):
    data = {"date": TODAY.isoformat(), "card": str(default_card().pk), "save": "1"}
    data.update({f"q_{code}": value for code, value in values.items()})
    return data


def test_staff_register_the_answers_given_in_the_meeting(world, login_as):
    user = world.users["coord_kba"]
    enrollment = world.enrollments["anna"]
    response = login_as(user).post(_screen(world, "ar"), _answers(q1="3", q2="7", q3="vet-inte"))
    assert response.status_code == 302
    assert response["Location"] == reverse("progression:measurement_list", args=[enrollment.pk])
    measurement = Measurement.objects.get(enrollment=enrollment)
    assert (measurement.respondent, measurement.source, measurement.language) == (
        "deltagare",
        "meeting",
        "ar",
    )
    assert (measurement.date, measurement.registered_by, measurement.instrument) == (
        TODAY,
        user,
        default_card(),
    )
    values = {a.item.code: a.value for a in measurement.answers.select_related("item")}
    assert values["q1"] == 3 and values["q2"] == 7 and values["q3"] is None
    assert len(values) == 10 and sum(v is not None for v in values.values()) == 2  # the rest: "vet inte"
    assert (measurement.answered_sum, measurement.answered_count) == (10, 2)
    entry = AuditEntry.objects.get(action="create", object_type="progression.measurement")
    assert (entry.user, entry.person, entry.object_id) == (user, world.persons["anna"], str(measurement.pk))
    assert entry.changes["answers"][1]["q1"] == 3


def test_errors_are_named_at_the_item_in_swedish_and_nothing_is_saved(world, login_as):
    client = login_as(world.users["coord_kba"])
    # A value outside the scale: refused at the question, the other answers kept.
    response = client.post(_screen(world, "ar"), _answers(q1="3", q4="11"))
    html = response.content.decode()
    assert response.status_code == 200 and not Measurement.objects.exists()
    assert "Välj ett giltigt alternativ" in _section(html, "fraga-q4")
    assert 'aria-describedby="fraga-q4-error" aria-invalid="true"' in html
    assert '<a href="#fraga-q4">Fråga 4:' in html  # the summary links to the question
    assert 'name="q_q1" value="3" checked' in html
    # Nothing answered at all: said above the questions.
    html = client.post(_screen(world, "ar"), _answers()).content.decode()
    assert "Minst en fråga måste vara besvarad." in html
    # A date before the enrolment: at the date.
    data = _answers(q1="3")
    data["date"] = "2020-01-01"
    html = client.post(_screen(world, "ar"), data).content.decode()
    assert "Datumet måste ligga inom inskrivningen" in html
    assert not Measurement.objects.exists()


def test_a_card_without_dont_know_needs_every_answer_named_per_item(world, login_as):
    Instrument.objects.filter(pk=default_card().pk).update(allow_dont_know=False)
    response = login_as(world.users["coord_kba"]).post(_screen(world, "ar"), _answers(q1="3"))
    html = response.content.decode()
    assert 'value="vet-inte"' not in html
    assert "Svar saknas." in _section(html, "fraga-q2") and "Svar saknas." not in _section(html, "fraga-q1")
    assert not Measurement.objects.exists()


def test_answers_to_another_card_than_the_one_shown_are_refused(world, login_as):
    data = _answers(q1="3")
    data["card"] = str(default_card().pk + 999)
    html = login_as(world.users["coord_kba"]).post(_screen(world, "ar"), data).content.decode()
    assert "Frågorna har ändrats sedan sidan öppnades." in html
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("role", ["coord_mdl", "coord_spik"])
def test_staff_who_may_not_see_the_enrolment_cannot_register(world, login_as, role):
    response = login_as(world.users[role]).post(_screen(world, "ar"), _answers(q1="3"))
    assert response.status_code == 404
    assert not Measurement.objects.exists()


# --- The card on paper ---------------------------------------------------------------------------


def test_the_printable_card_has_both_languages_boxes_and_no_personnummer(world, login_as):
    url = reverse("interpreting:card", args=[world.enrollments["anna"].pk, "ti"])
    response = login_as(world.users["coord_kba"]).get(url)
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'href="/static/interpreting/print.css" media="print"' in html
    sheet = html[html.index('<article class="tolk-sheet"') :]
    assert sheet.count('<span class="tolk-box" aria-hidden="true"></span>') == 10 * 11
    assert _translation("text", "ti") in sheet and default_card().items.get(code="q1").text in sheet
    assert 'lang="ti" dir="ltr"' in sheet  # Tigrinya is written left to right
    assert "ንነፍሲ ወከፍ ሕቶ ኣብ ሓደ ሳጹን ምልክት ግበር።" in sheet  # how to answer, in Tigrinya
    assert "Anna · Helhetslyftet" in sheet and "Andersson" not in sheet  # first name only
    assert "0204" not in html and "19850101" not in html


def test_the_card_of_an_unknown_language_does_not_exist(world, login_as):
    client = login_as(world.users["coord_kba"])
    for language in ("sv", "xx"):
        url = reverse("interpreting:card", args=[world.enrollments["anna"].pk, language])
        assert client.get(url).status_code == 404


# --- The plan ------------------------------------------------------------------------------------


def _plan(world, language="ar"):
    return reverse("interpreting:plan", args=[world.enrollments["anna"].pk]) + f"?sprak={language}"


def test_the_plan_has_every_label_in_both_languages_and_staff_texts_as_written(world, login_as):
    goal = anna_goal(world, text="Jobb inom förskolan")
    anna_step(world, goal=goal, what="Praktik på en förskola", owner="deltagare", due_date=TODAY)
    anna_step(
        world, goal=goal, what="Möte om ekonomin", owner="annan", owner_name="Budget- och skuldrådgivningen"
    )
    html = login_as(world.users["coord_kba"]).get(_plan(world)).content.decode()
    assert '<span class="tolk-plan__text" lang="sv" dir="ltr">Jobb inom förskolan</span>' in html
    assert '<span lang="sv" dir="ltr">Praktik på en förskola</span>' in html
    assert '<span lang="sv" dir="ltr">Budget- och skuldrådgivningen</span>' in html
    for swedish, arabic in [
        ("Din plan", "خطتك"),
        ("Mål längre fram", "أهداف لاحقة"),
        ("Vad", "ماذا"),
        ("Vem", "مَن"),
        ("Klart senast", "الموعد النهائي"),
        ("Läge", "الحالة"),
        ("Mot arbete", "نحو العمل"),
        ("Pågår", "جارٍ"),
        ("Planerad", "مُخطَّط"),
        ("Deltagaren", "المشارك"),
        ("Snart", "قريباً"),
    ]:
        assert f'lang="sv" dir="ltr" data-say="sv" data-speech-lang="sv-SE">{swedish}</span>' in html, swedish
        assert f'lang="ar" dir="rtl" data-say="other" data-speech-lang="ar">{arabic}</span>' in html, arabic
    assert "Saknar översättning" not in html
    assert TODAY.isoformat() in html


def test_a_plan_without_goals_says_so_in_both_languages(world, login_as):
    html = login_as(world.users["coord_kba"]).get(_plan(world, "sw")).content.decode()
    assert "Du och din koordinator har inte skrivit några mål ännu." in html
    assert "Wewe na mratibu wako bado hamjaandika malengo yoyote." in html


# --- The exit survey -----------------------------------------------------------------------------


def test_the_exit_survey_has_its_questions_and_scale_in_both_languages(world, login_as):
    url = reverse("interpreting:survey", args=[world.enrollments["anna"].pk]) + "?sprak=ar"
    html = login_as(world.users["coord_kba"]).get(url).content.decode()
    assert "Insatsen har varit till hjälp för mig" in html
    for swedish in ("Stämmer inte alls", "Stämmer helt", "Vet inte"):
        assert f'data-speech-lang="sv-SE">{swedish}</span>' in html
    assert html.count('lang="ar" dir="rtl"') > 5 * 6
    assert "Vad kan vi göra bättre?" in html and 'class="tolk-lines"' in html  # free text: room to write
    assert "Svaren registreras inte här" in html


# --- Audit and queries ---------------------------------------------------------------------------


PAGES = {
    "självskattning": lambda w: _screen(w, "ar"),
    "frågekort": lambda w: reverse("interpreting:card", args=[w.enrollments["anna"].pk, "ar"]),
    "plan": _plan,
    "slutenkät": lambda w: reverse("interpreting:survey", args=[w.enrollments["anna"].pk]) + "?sprak=ar",
}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_an_audited_read_of_the_person(world, login_as, page):
    user = world.users["coord_kba"]
    assert login_as(user).get(PAGES[page](world)).status_code == 200
    entry = AuditEntry.objects.get(action="view", detail=f"tolk: {page} (ar)")
    assert (entry.user, entry.person, entry.object_type) == (
        user,
        world.persons["anna"],
        "participants.enrollment",
    )


@pytest.mark.parametrize(
    ("page", "most"), [("självskattning", 13), ("frågekort", 14), ("plan", 12), ("slutenkät", 14)]
)
def test_query_counts_are_fixed(world, login_as, django_assert_max_num_queries, page, most):
    client = login_as(world.users["leader"])
    url = PAGES[page](world)
    most += 1 if connection.vendor == "postgresql" else 0  # the audit chain's advisory lock
    goal = anna_goal(world)
    anna_step(world, goal=goal)
    client.get(url)
    with django_assert_max_num_queries(most) as few:
        client.get(url)
    for number in range(4):
        more = anna_goal(world, text=f"Mål {number}")
        for step in range(3):
            anna_step(world, goal=more, what=f"Steg {number}.{step}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- The links -----------------------------------------------------------------------------------


def test_the_participant_page_and_the_plan_link_to_interpreter_mode(world, login_as):
    Person.objects.filter(pk=world.persons["anna"].pk).update(language="so")
    client = login_as(world.users["coord_kba"])
    pk = world.enrollments["anna"].pk
    html = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    section = html[html.index('id="tolk"') :]
    assert reverse("interpreting:selfassessment", args=[pk]) in section
    assert reverse("interpreting:card", args=[pk, "so"]) in section
    assert (
        reverse("interpreting:plan", args=[pk]) in section
        and reverse("interpreting:survey", args=[pk]) in section
    )
    assert "svenska och somaliska" in section
    for name in ("casework:plan", "casework:participant_plan"):
        assert (
            reverse("interpreting:plan", args=[pk]) in client.get(reverse(name, args=[pk])).content.decode()
        )
