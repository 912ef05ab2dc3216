"""Long histories fold their older rows into a <details> that says how many (core/templatetags/history)."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse

from stegvis.core.templatetags.history import RECENT, split_recent
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument


def test_short_list_is_one_open_part():
    parts = split_recent(list(range(RECENT)))
    assert [(p.items, p.collapsed) for p in parts] == [(list(range(RECENT)), False)]


def test_newest_first_folds_the_tail():
    parts = split_recent(list(range(8)), 3)
    assert [(p.items, p.collapsed, p.count) for p in parts] == [
        ([0, 1, 2], False, 3),
        ([3, 4, 5, 6, 7], True, 5),
    ]


def test_newest_last_folds_the_head():
    parts = split_recent(list(range(8)), 3, newest="last")
    assert [(p.items, p.collapsed) for p in parts] == [([0, 1, 2, 3, 4], True), ([5, 6, 7], False)]


def test_in_a_template():
    html = Template(
        "{% load history %}{% split_recent rows 2 as parts %}{% for part in parts %}"
        "[{% if part.collapsed %}{{ part.count }}:{% endif %}{{ part.items|join:',' }}]{% endfor %}"
    ).render(Context({"rows": ["a", "b", "c", "d"]}))
    assert html == "[a,b][2:c,d]"


@pytest.mark.django_db
@pytest.mark.parametrize("n, folded", [(RECENT, 0), (RECENT + 3, 3)])
def test_measurements_on_the_participant_page(world, login_as, n, folded):
    e = world.enrollments["anna"]
    card = Instrument.objects.get(code="progressionskort", version=1)
    for k in range(n):
        record_measurement(
            None, e, card, respondent="handlaggare", date=datetime.date(2023, 2, 1 + k), answers={"q1": 5}
        )
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    section = html[html.index('id="matningar"') : html.index("Språknivå")]
    if folded:
        assert section.count('<details class="collapsed-list">') == 1
        assert f"Visa {folded} äldre mätningar" in section
        # The oldest are folded, the most recent open after them.
        folded_part = section[section.index("<details") : section.index("</details>")]
        assert "2023-02-01" in folded_part and f"2023-02-0{n}" not in folded_part
    else:
        assert "<details" not in section
    assert section.count("<tr>") == n + 1 + (1 if folded else 0)  # every row, one header per table
