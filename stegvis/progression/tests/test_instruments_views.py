"""The instrument administration pages: access, rendering, forms and query counts."""

import datetime

import pytest
from django.urls import reverse

from stegvis.progression.actions import record_measurement
from stegvis.progression.instruments import actions
from stegvis.progression.models import Instrument, InstrumentText

CARD = {"code": "progressionskort", "version": 1}


@pytest.fixture
def card(world):
    return Instrument.objects.get(**CARD)


def urls():
    return [
        reverse("progression:instrument_list"),
        reverse("progression:instrument_create"),
        reverse("progression:instrument_detail", kwargs=CARD),
        reverse("progression:instrument_edit", kwargs=CARD),
        reverse("progression:translation_edit", kwargs={**CARD, "language": "prs"}),
    ]


def test_administrators_only(world, login_as):
    for role, status in [("coord_kba", 403), ("leader", 403), ("evaluator", 403), ("admin", 200)]:
        client = login_as(world.users[role])
        for url in urls():
            assert client.get(url).status_code == status, (role, url)
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("progression:instrument_create"), {"code": "x", "name": "X"})
    assert response.status_code == 403 and not Instrument.objects.filter(code="x").exists()


def test_unknown_instrument_or_language_is_404(world, login_as):
    client = login_as(world.users["admin"])
    assert (
        client.get(
            reverse("progression:instrument_detail", kwargs={"code": "finns-inte", "version": 1})
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("progression:translation_edit", kwargs={**CARD, "language": "de"})).status_code
        == 404
    )
    assert (
        client.get(reverse("progression:translation_edit", kwargs={**CARD, "language": "sv"})).status_code
        == 404
    )


def test_list_and_detail_show_items_counts_and_review_status(world, login_as, card):
    record_measurement(
        None,
        world.enrollments["anna"],
        card,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 3},
    )
    client = login_as(world.users["admin"])
    page = client.get(reverse("progression:instrument_list")).content.decode()
    assert "progressionskort" in page and "<caption>" in page and "7 språk" in page
    assert '<td class="num">1</td>' in page  # one measurement
    page = client.get(reverse("progression:instrument_detail", kwargs=CARD)).content.decode()
    assert "Vet du vad du kan göra för att få ett jobb?" in page
    assert "Översättningen är inte granskad av någon som har språket som modersmål" in page
    # Languages by their Swedish names; every text of the card (step words included) translated,
    # plain Swedish only where the wording could be simpler.
    assert "Arabiska" in page and "Lätt svenska" in page and "125 / 125" in page and "13 / 125" in page
    assert "Jag vet det mesta" in page  # the words of the steps between the ends
    assert "Ändra eller skapa ny version" in page


def _make_instrument(code, n):
    return actions.create_instrument(
        None,
        code=code,
        name=code,
        items=[
            {
                "code": f"i{k}",
                "dimension": f"D{k}",
                "text": f"T{k}?",
                "staff_text": "",
                "scale_min": 1,
                "scale_max": 5,
                "low_label": "L",
                "mid_label": "M",
                "high_label": "H",
            }
            for k in range(n)
        ],
    )


@pytest.mark.parametrize("name", ["instrument_detail", "instrument_edit", "translation_edit"])
def test_page_queries_do_not_grow_with_the_number_of_items(
    world, login_as, django_assert_max_num_queries, name
):
    client = login_as(world.users["admin"])
    small, large = _make_instrument("litet", 2), _make_instrument("stort", 30)
    for instrument in (small, large):
        actions.save_translation(
            None,
            instrument,
            language="en",
            texts={(item.code, "text"): f"Q{item.code}" for item in instrument.items.all()},
        )

    def url(instrument):
        kwargs = {"code": instrument.code, "version": 1}
        return reverse(
            f"progression:{name}",
            kwargs={**kwargs, "language": "en"} if name == "translation_edit" else kwargs,
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url(small)).status_code == 200
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(url(large)).status_code == 200


def test_list_queries_do_not_grow_with_the_number_of_instruments(
    world, login_as, django_assert_max_num_queries
):
    client = login_as(world.users["admin"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("progression:instrument_list"))
    for n in range(5):
        _make_instrument(f"kort-{n}", 3)
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        assert client.get(reverse("progression:instrument_list")).status_code == 200


def _form_data(instrument=None, items=(), **header):
    data = {
        "name": header.get("name", instrument.name if instrument else "Nytt kort"),
        "description": header.get("description", instrument.description if instrument else ""),
        "allow_dont_know": "on",
        "is_active": "on",
        "action": header.get("action", "save"),
    }
    if "code" in header:
        data["code"] = header["code"]
    if instrument is not None:
        data["updated_at"] = instrument.updated_at.isoformat()
    data.update(
        {
            "items-TOTAL_FORMS": str(len(items)),
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "60",
        }
    )
    for index, values in enumerate(items):
        for key, value in values.items():
            data[f"items-{index}-{key}"] = "\n".join(value) if isinstance(value, list) else value
        data[f"items-{index}-ORDER"] = str(index + 1)
    return data


def _items(instrument):
    return [{k: getattr(i, k) for k in actions.ITEM_KEYS} for i in instrument.items.all()]


def test_create_through_the_form(world, login_as):
    client = login_as(world.users["admin"])
    row = {
        "code": "a",
        "dimension": "Arbete",
        "text": "Vill du arbeta?",
        "staff_text": "",
        "scale_min": "1",
        "scale_max": "5",
        "low_label": "Nej",
        "mid_label": "",
        "high_label": "Ja",
    }
    response = client.post(reverse("progression:instrument_create"), _form_data(code="skapa", items=[row]))
    assert response.status_code == 302
    created = Instrument.objects.get(code="skapa")
    assert response["Location"] == reverse(
        "progression:instrument_detail", kwargs={"code": "skapa", "version": 1}
    )
    assert created.items.get().text == "Vill du arbeta?"
    # "Lägg till fråga" shows one more empty row and saves nothing.
    response = client.post(
        reverse("progression:instrument_create"), _form_data(code="mer", items=[row], action="add_row")
    )
    assert response.status_code == 200 and 'name="items-1-code"' in response.content.decode()
    assert not Instrument.objects.filter(code="mer").exists()
    # Bad input is a 200 with Swedish messages, at the row.
    bad = dict(row, scale_min="5", scale_max="2")
    response = client.post(reverse("progression:instrument_create"), _form_data(code="fel", items=[bad]))
    page = response.content.decode()
    assert response.status_code == 200 and "Skalans största värde måste vara större än det minsta." in page
    assert 'id="error-summary"' in page


def test_edit_with_answers_is_refused_then_saved_as_a_new_version(world, login_as, card):
    record_measurement(
        None,
        world.enrollments["anna"],
        card,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 3},
    )
    client = login_as(world.users["admin"])
    url = reverse("progression:instrument_edit", kwargs=CARD)
    assert "Skapa ny version" in client.get(url).content.decode()
    items = _items(card)
    items[1].update(scale_max=5, step_labels=["Nej, nästan inte", "Kanske", "Ja, troligen"])
    response = client.post(url, _form_data(card, items))
    page = response.content.decode()
    assert response.status_code == 200 and "Skapa ny version" in page
    assert "fråga q2: skalans största värde ändras" in page
    assert card.items.get(code="q2").scale_max == 10
    response = client.post(url, _form_data(card, items, action="new_version"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "progression:instrument_detail", kwargs={"code": card.code, "version": 2}
    )
    card.refresh_from_db()
    assert not card.is_active
    assert Instrument.objects.get(code=card.code, version=2).items.get(code="q2").scale_max == 5


def test_edit_without_answers_saves_in_place(world, login_as, card):
    client = login_as(world.users["admin"])
    items = _items(card)
    items[1].update(scale_max=5, step_labels=["Nej, nästan inte", "Kanske", "Ja, troligen"])
    response = client.post(
        reverse("progression:instrument_edit", kwargs=CARD), _form_data(card, items, name="Kortet")
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.name == "Kortet" and card.items.get(code="q2").scale_max == 5 and card.version == 1


def test_translation_page_is_right_to_left_and_saves_review_only_when_ticked(world, login_as, card):
    client = login_as(world.users["admin"])
    url = reverse("progression:translation_edit", kwargs={**CARD, "language": "ar"})
    page = client.get(url).content.decode()
    assert 'lang="ar" dir="rtl"' in page and "Granskad av någon som har språket som modersmål" in page
    assert "Översättningen är inte granskad av någon som har språket som modersmål" in page
    assert 'name="reviewed"' in page and 'name="reviewed" checked' not in page
    assert "Vet du vad du kan göra för att få ett jobb?" in page  # the Swedish text beside the input
    data = {"instrument__name": "بطاقة", "q1__text": "سؤال؟"}
    assert client.post(url, data).status_code == 302
    rows = InstrumentText.objects.filter(instrument=card, language="ar")
    assert rows.get(item=None, field="name").text == "بطاقة"
    assert not rows.filter(item__code="q2").exists()  # fields left empty fall back to Swedish
    assert not rows.filter(needs_review=False).exists()
    assert client.post(url, {**data, "reviewed": "on"}).status_code == 302
    assert not rows.filter(needs_review=True).exists()
    page = client.get(url).content.decode()
    assert "Översättningen är inte granskad" not in page
    # English is left to right.
    page = client.get(
        reverse("progression:translation_edit", kwargs={**CARD, "language": "en"})
    ).content.decode()
    assert 'lang="en" dir="ltr"' in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": "X", "items-TOTAL_FORMS": "abc", "action": "add_row"},
        {
            "name": "X",
            "updated_at": "igår",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-code": "q1",
            "items-0-scale_min": "ett",
        },
    ],
)
def test_bad_posts_are_answered_with_the_form_not_an_error(world, login_as, card, data):
    client = login_as(world.users["admin"])
    for url in (
        reverse("progression:instrument_create"),
        reverse("progression:instrument_edit", kwargs=CARD),
        reverse("progression:translation_edit", kwargs={**CARD, "language": "so"}),
    ):
        response = client.post(url, data)
        assert response.status_code in (200, 302), url
    assert Instrument.objects.filter(code="progressionskort").count() == 1


def test_a_stale_edit_page_is_refused_with_a_message(world, login_as, card):
    client = login_as(world.users["admin"])
    data = _form_data(card, _items(card), name="Ändrat")
    data["updated_at"] = "2000-01-01T00:00:00+00:00"
    response = client.post(reverse("progression:instrument_edit", kwargs=CARD), data)
    assert response.status_code == 200 and "Någon annan har ändrat" in response.content.decode()
    card.refresh_from_db()
    assert card.name == "Progressionskort"


def test_step_words_are_edited_on_the_edit_page_and_translated_on_the_translation_page(world, login_as, card):
    client = login_as(world.users["admin"])
    page = client.get(reverse("progression:instrument_edit", kwargs=CARD)).content.decode()
    assert "Ord för stegen mellan ändarna" in page and "Förklaring under frågan" in page
    assert "Jag vet nästan ingenting\nJag vet mycket lite\n" in page  # one step per line
    url = reverse("progression:translation_edit", kwargs={**CARD, "language": "so"})
    page = client.get(url).content.decode()
    assert "Steg 2" in page and 'name="q1__step_2"' in page and 'name="q2__help_text"' in page
    assert 'name="q1__mid_label"' not in page  # the step words say what the middle means
    assert client.post(url, {"q1__step_2": "Waxba ma garanayo"}).status_code == 302
    row = InstrumentText.objects.get(instrument=card, item__code="q1", field="step_2", language="so")
    assert row.text == "Waxba ma garanayo" and row.needs_review
