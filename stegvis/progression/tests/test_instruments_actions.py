"""The instrument actions and the versioning rule: answers keep their meaning."""

import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.progression.actions import record_measurement
from stegvis.progression.instruments import actions
from stegvis.progression.instruments.texts import load_texts
from stegvis.progression.models import Answer, Instrument, InstrumentText


def item(code, **extra):
    data = {
        "code": code,
        "dimension": f"Område {code}",
        "text": f"Fråga {code}?",
        "staff_text": "",
        "scale_min": 1,
        "scale_max": 5,
        "low_label": "Inte alls",
        "mid_label": "",
        "high_label": "Helt",
    }
    data.update(extra)
    return data


def items_of(instrument):
    keys = actions.ITEM_KEYS
    return [{k: getattr(i, k) for k in keys} for i in instrument.items.all()]


@pytest.fixture
def card(world):
    return Instrument.objects.get(code="progressionskort", version=1)


@pytest.fixture
def answered(world, card):
    record_measurement(
        world.users["coord_kba"],
        world.enrollments["anna"],
        card,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 3, "q2": 5},
    )
    return card


def header(instrument, **extra):
    data = {"name": instrument.name, "description": instrument.description, "allow_dont_know": True}
    data.update(extra)
    return data


def test_create_instrument_with_items_in_order_and_audited(world):
    admin = world.users["admin"]
    created = actions.create_instrument(admin, code="skapa", name="SKAPA-kort", items=[item("a"), item("b")])
    assert (created.code, created.version, created.is_active) == ("skapa", 1, True)
    assert list(created.items.values_list("code", "position")) == [("a", 1), ("b", 2)]
    assert AuditEntry.objects.filter(
        object_type="progression.instrument", object_id=str(created.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"code": "Bad code!"}, "code"),
        ({"code": "progressionskort"}, "code"),
        ({"name": " "}, "name"),
        ({"items": []}, "items"),
        ({"items": [item("a"), item("a")]}, "items.1.code"),
        ({"items": [item("a", scale_min=5, scale_max=5)]}, "items.0.scale_max"),
        ({"items": [item("a", scale_min="x")]}, "items.0.scale_min"),
        ({"items": [item("a", text="")]}, "items.0.text"),
        ({"items": [item("a", scale_min=0, scale_max=50)]}, "items.0.scale_max"),
    ],
)
def test_create_refuses_bad_input_with_swedish_messages_at_the_field(world, kwargs, field):
    args = {"code": "nytt", "name": "Nytt", "items": [item("a")], **kwargs}
    with pytest.raises(ActionError) as error:
        actions.create_instrument(world.users["admin"], **args)
    assert field in error.value.message_dict
    assert not Instrument.objects.filter(code="nytt").exists()


def test_only_administrators_change_instruments(world, card):
    for role in ("coord_kba", "leader", "evaluator"):
        with pytest.raises(NotAllowed):
            actions.create_instrument(world.users[role], code="x", name="X", items=[item("a")])
        with pytest.raises(NotAllowed):
            actions.update_instrument(
                world.users[role], card, **header(card, name="Nytt"), items=items_of(card)
            )
        with pytest.raises(NotAllowed):
            actions.save_translation(world.users[role], card, language="en", texts={(None, "name"): "X"})


def test_without_answers_everything_can_be_edited_in_place(world, card):
    items = items_of(card)
    items[0]["text"] = "Vet du hur du hittar ett jobb?"
    # A shorter scale needs as many step words as it has steps between the ends.
    items[1].update(scale_min=1, scale_max=5, step_labels=["Nej, nästan inte", "Kanske", "Ja, troligen"])
    del items[9]
    items.append(item("q11"))
    updated = actions.update_instrument(world.users["admin"], card, **header(card), items=items)
    assert updated.pk == card.pk and updated.version == 1
    codes = list(updated.items.values_list("code", flat=True))
    assert codes == [f"q{n}" for n in range(1, 10)] + ["q11"]
    assert updated.items.get(code="q1").text == "Vet du hur du hittar ett jobb?"
    assert updated.items.get(code="q2").scale_max == 5
    # q2's steps 2–4 have new words (their translations are drafts again); steps 5–9 are gone.
    q2_steps = InstrumentText.objects.filter(instrument=card, item__code="q2", field__startswith="step_")
    assert set(q2_steps.values_list("field", flat=True)) == {"step_2", "step_3", "step_4"}
    assert not q2_steps.filter(needs_review=False).exists()
    # The changed Swedish question makes its translations drafts again; q10's went with it.
    assert not InstrumentText.objects.filter(item__code="q10", instrument=card).exists()
    assert (
        InstrumentText.objects.filter(
            instrument=card, item__code="q1", field="text", needs_review=True
        ).count()
        == 6
    )
    entry = AuditEntry.objects.filter(object_type="progression.instrument", action="update").latest("pk")
    assert entry.changes["removed_items"] == [["q10"], None]


@pytest.mark.parametrize(
    "change",
    [
        lambda items: items.append(item("q11")),
        lambda items: items.pop(),
        lambda items: items[0].update(text="En helt annan fråga?"),
        lambda items: items[0].update(staff_text="En annan fråga till handläggaren?"),
        lambda items: items[1].update(
            scale_max=5, step_labels=["Nej, nästan inte", "Kanske", "Ja, troligen"]
        ),
        lambda items: items[2].update(scale_min=0, step_labels=["Nej, knappast", *items[2]["step_labels"]]),
        lambda items: items[3].update(low_label="Något annat"),
        lambda items: items[3].update(high_label="Något annat"),
    ],
)
def test_with_answers_changes_that_alter_meaning_are_refused(world, answered, change):
    items = items_of(answered)
    before = items_of(answered)
    change(items)
    with pytest.raises(actions.NeedsNewVersion) as error:
        actions.update_instrument(world.users["admin"], answered, **header(answered), items=items)
    assert error.value.changes and "ny version" in error.value.messages[0]
    assert items_of(answered) == before


def test_with_answers_cosmetic_changes_are_allowed_in_place(world, answered):
    items = items_of(answered)
    items[0].update(dimension="Vägen till jobb", help_text="Till exempel var du letar.")
    items[0]["step_labels"][3] = "Jag vet en liten del"  # the words of a step between the ends
    items.reverse()
    updated = actions.update_instrument(
        world.users["admin"],
        answered,
        **header(answered, name="Progressionskortet", description="Ny text."),
        items=items,
    )
    assert updated.pk == answered.pk and updated.name == "Progressionskortet"
    assert updated.items.get(code="q1").dimension == "Vägen till jobb"
    assert updated.items.get(code="q1").step_labels[3] == "Jag vet en liten del"
    assert updated.items.first().code == "q10"
    assert Answer.objects.filter(item__code="q1", value=3).exists()
    actions.save_translation(
        world.users["admin"],
        answered,
        language="en",
        texts={(None, "name"): "The progress card"},
        reviewed=True,
    )
    # Name and description, four texts of each item, eight step words each and three explanations.
    assert actions.mark_reviewed(world.users["admin"], answered, language="so") == 2 + 10 * 4 + 10 * 8 + 3


def test_new_version_copies_applies_the_change_and_retires_the_old(world, answered):
    items = items_of(answered)
    items[0]["text"] = "Vet du vad du kan göra för att få ett arbete?"
    items.append(item("q11", scale_min=1, scale_max=10))
    new = actions.new_version(world.users["admin"], answered, **header(answered), items=items)
    answered.refresh_from_db()
    assert (new.code, new.version, new.is_active) == ("progressionskort", 2, True)
    assert not answered.is_active
    assert new.items.count() == 11 and answered.items.count() == 10
    assert new.items.get(code="q1").text.endswith("ett arbete?")
    # Earlier answers still point at version 1.
    assert set(Answer.objects.values_list("item__instrument__version", flat=True)) == {1}
    # Unchanged texts keep their translations; the changed question has none (Swedish shown).
    texts = load_texts(new, "ar")
    q1, q2 = new.items.get(code="q1"), new.items.get(code="q2")
    assert texts.get(q2, "text") == load_texts(answered, "ar").get(answered.items.get(code="q2"), "text")
    assert texts.get(q1, "text") == q1.text
    assert texts.get(q1, "dimension") != q1.dimension
    assert texts.needs_review
    # A further version numbers on from the highest.
    third = actions.new_version(world.users["admin"], answered, **header(answered), items=items_of(answered))
    assert (
        third.version == 3
        and Instrument.objects.filter(code="progressionskort", is_active=True).get() == third
    )


def test_a_stale_edit_is_a_conflict(world, card):
    with pytest.raises(ConflictError):
        actions.update_instrument(
            world.users["admin"],
            card,
            **header(card),
            items=items_of(card),
            updated_at="2000-01-01T00:00:00+00:00",
        )
    actions.update_instrument(
        world.users["admin"],
        card,
        **header(card, name="Kortet"),
        items=items_of(card),
        updated_at=card.updated_at.isoformat(),
    )


def test_save_translation_review_flag_and_removal(world, card):
    admin = world.users["admin"]
    actions.save_translation(
        admin, card, language="ti", texts={(None, "name"): "ካርድ", ("q1", "text"): ""}, reviewed=False
    )
    rows = InstrumentText.objects.filter(instrument=card, language="ti")
    assert rows.get(item=None, field="name").text == "ካርድ"
    assert not rows.filter(item__code="q1", field="text").exists()
    assert not rows.filter(needs_review=False).exists()
    actions.save_translation(admin, card, language="ti", texts={(None, "name"): "ካርድ ምዕባለ"}, reviewed=True)
    assert not rows.filter(needs_review=True).exists()
    with pytest.raises(ActionError) as error:
        actions.save_translation(admin, card, language="de", texts={(None, "name"): "Karte"})
    assert "language" in error.value.message_dict
    with pytest.raises(ActionError):
        actions.save_translation(admin, card, language="en", texts={("q99", "text"): "x"})
    with pytest.raises(ActionError):
        actions.save_translation(admin, card, language="en", texts={("q1", "staff_text"): "x"})
    with pytest.raises(ActionError):
        actions.mark_reviewed(admin, card, language="sv")


def test_every_change_is_audited(world, answered):
    admin = world.users["admin"]
    entries = AuditEntry.objects.filter(object_type="progression.instrument")
    new = actions.new_version(admin, answered, **header(answered), items=items_of(answered))
    assert entries.filter(object_id=str(new.pk), action="create").get().changes["copied_from_version"] == [
        None,
        1,
    ]
    assert entries.filter(object_id=str(answered.pk), action="update").get().changes == {
        "is_active": [True, False]
    }
    actions.save_translation(admin, new, language="sw", texts={(None, "name"): "Kadi"}, reviewed=True)
    entry = entries.filter(object_id=str(new.pk), action="update").latest("pk")
    assert entry.changes["instrument.name"] == ["Kadi ya maendeleo", "Kadi"] and entry.changes[
        "reviewed"
    ] == [None, True]
    actions.mark_reviewed(admin, new, language="en", reviewed=True)
    entry = entries.filter(object_id=str(new.pk), action="update").latest("pk")
    assert entry.changes == {"reviewed": [False, True]} and entry.username == "admin"


@pytest.mark.parametrize(
    "steps,mid,field,message",
    [
        (["Sällan", "Ibland"], "", "step_labels", "de 3 stegen"),
        (["Sällan", "Ibland", "sällan"], "", "step_labels", "”sällan”"),
        (["Sällan", "Ibland", "Helt"], "", "step_labels", "”Helt”"),  # the same words as the high end
        (["Sällan", "Ibland", "Ofta"], "Ibland", "mid_label", "Lämna rutan tom"),
    ],
)
def test_step_words_are_one_per_step_and_all_different(world, steps, mid, field, message):
    with pytest.raises(ActionError) as error:
        actions.create_instrument(
            world.users["admin"],
            code="steg",
            name="Steg",
            items=[item("a", step_labels=steps, mid_label=mid)],
        )
    assert message in " ".join(error.value.message_dict[f"items.0.{field}"])


def test_step_words_and_explanation_are_kept_and_read_from_text_lines(world):
    created = actions.create_instrument(
        world.users["admin"],
        code="steg",
        name="Steg",
        items=[item("a", step_labels="Sällan\n\n Ibland \nOfta\n", help_text="  Tänk på förra veckan. ")],
    )
    kept = created.items.get()
    assert kept.step_labels == ["Sällan", "Ibland", "Ofta"] and kept.help_text == "Tänk på förra veckan."
    # Translated like other texts: one field per step, and the explanation.
    actions.save_translation(
        world.users["admin"],
        created,
        language="en",
        texts={("a", "step_3"): "Sometimes", ("a", "help_text"): "Think of last week."},
    )
    texts = load_texts(created, "en")
    assert texts.get(kept, "step_3") == "Sometimes" and texts.get(kept, "step_2") == "Sällan"
    assert texts.get(kept, "help_text") == "Think of last week."
    with pytest.raises(ActionError):  # a step the scale does not have
        actions.save_translation(world.users["admin"], created, language="en", texts={("a", "step_9"): "X"})


def test_changed_step_words_make_their_translations_drafts_again(world, answered):
    actions.mark_reviewed(world.users["admin"], answered, language="en")
    items = items_of(answered)
    items[5]["step_labels"][0] = "Nästan aldrig alls"
    actions.update_instrument(world.users["admin"], answered, **header(answered), items=items)
    rows = InstrumentText.objects.filter(instrument=answered, language="en", item__code="q6")
    assert list(rows.filter(needs_review=True).values_list("field", flat=True)) == ["step_2"]
