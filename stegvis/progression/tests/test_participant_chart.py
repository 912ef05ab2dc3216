"""The participant page's progression charts: which measurements are drawn, and the answer table."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from stegvis.participants.models import Enrollment
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument
from stegvis.progression.statistics.participant import chart_context
from stegvis.progression.templatetags.progression_charts import _wrap

D = datetime.date


def measure(enrollment, date, value, respondent="deltagare", **answers):
    card = Instrument.objects.get(code="progressionskort", version=1)
    values = {f"q{i}": value for i in range(1, 11)} | answers
    return record_measurement(None, enrollment, card, respondent=respondent, date=date, answers=values)


@pytest.fixture
def history(world):
    """Anna: four self-assessments and two staff assessments."""
    e = world.enrollments["anna"]
    own = [measure(e, D(2023, m, 20), v) for m, v in ((1, 3), (3, 4), (5, 6), (7, 8))]
    staff = [measure(e, D(2023, m, 21), v, respondent="handlaggare") for m, v in ((1, 2), (7, 5))]
    return e, own, staff


def context(world, query=""):
    enrollments = Enrollment.objects.filter(person=world.persons["anna"]).select_related("project")
    return chart_context(world.users["admin"], world.persons["anna"], enrollments, QueryDict(query))


def labels(panel):
    return [s["label"] for s in panel["series"]]


def test_default_is_first_previous_latest(world, history):
    own_panel, staff_panel = context(world)["progression_charts"][0]["panels"]
    assert labels(own_panel) == [
        "Första mätningen (2023-01-20)",
        "Föregående mätning (2023-05-20)",
        "Senaste mätningen (2023-07-20)",
    ]
    assert [c["checked"] for c in own_panel["choices"]] == [True, False, True, True]
    assert labels(staff_panel) == ["Första mätningen (2023-01-21)", "Senaste mätningen (2023-07-21)"]


def test_chosen_measurements_are_drawn_per_perspective(world, history):
    e, own, staff = history
    own_panel, staff_panel = context(world, f"radar={own[1].pk}&radar={own[3].pk}")["progression_charts"][0][
        "panels"
    ]
    assert labels(own_panel) == ["Mätningen 2023-03-20", "Senaste mätningen (2023-07-20)"]
    assert own_panel["series"][0]["values"]["q1"] == 4
    assert [c["checked"] for c in own_panel["choices"]] == [False, True, False, True]
    assert own_panel["notice"] is None
    # Nothing chosen for the coordinator's chart: its defaults.
    assert len(staff_panel["series"]) == 2
    # The change is always first to latest, whatever is drawn.
    assert own_panel["change"] == "+5"


@pytest.mark.parametrize(
    "query",
    ["radar=abc", "radar=", "radar=-3", "radar=999999", "radar=1.5&radar=%20"],
)
def test_invalid_choice_falls_back_to_the_defaults(world, history, query):
    own_panel, _staff = context(world, query)["progression_charts"][0]["panels"]
    assert len(own_panel["series"]) == 3
    assert own_panel["notice"] is None


def test_other_persons_measurement_is_not_drawn(world, history):
    other = measure(world.enrollments["cia"], D(2021, 3, 5), 9)
    own_panel, _staff = context(world, f"radar={other.pk}")["progression_charts"][0]["panels"]
    assert len(own_panel["series"]) == 3
    assert all(c["pk"] != other.pk for c in own_panel["choices"])


def test_more_than_three_chosen_keeps_the_earliest_and_latest(world, history):
    e, own, staff = history
    query = "&".join(f"radar={m.pk}" for m in own)
    own_panel, _staff = context(world, query)["progression_charts"][0]["panels"]
    assert [s["label"] for s in own_panel["series"]] == [
        "Första mätningen (2023-01-20)",
        "Föregående mätning (2023-05-20)",
        "Senaste mätningen (2023-07-20)",
    ]
    assert "Högst 3 mätningar" in own_panel["notice"]


def test_answer_table_has_every_answer_by_question_and_date(world, history):
    e, own, staff = history
    measure(e, D(2023, 8, 1), 7, q2=None, q3=2)
    table = context(world)["progression_charts"][0]["table"]
    assert [g["respondent"] for g in table["groups"]] == ["deltagare", "handlaggare"]
    assert [len(g["dates"]) for g in table["groups"]] == [5, 2]
    assert [r["code"] for r in table["rows"][:2]] == ["q1", "q2"]
    assert table["rows"][5]["label"] == "Stöd från andra"
    by_code = {r["code"]: r["cells"] for r in table["rows"]}
    assert len(by_code) == 10
    assert by_code["q1"] == ["3", "4", "6", "8", "7", "2", "5"]
    assert by_code["q2"][4] == "–"
    assert by_code["q3"][4] == "2"
    assert table["scores"][:4] == ["3", "4", "6", "8"]


def test_page_shows_choices_table_and_form(world, history, login_as):
    e, own, staff = history
    url = reverse("participants:detail", args=[world.persons["anna"].pk])
    html = login_as(world.users["coord_kba"]).get(url, {"radar": [own[1].pk]}).content.decode()
    assert 'action="#del-progression"' in html
    assert f'formaction="#diagram-{e.pk}"' in html
    assert f'name="radar" value="{own[1].pk}" checked' in html
    assert f'name="radar" value="{own[0].pk}">' in html
    assert '<caption class="visually-hidden">Alla svar per fråga och mätning' in html
    assert '<ol class="radar-key"' in html
    assert (
        '<th scope="colgroup" colspan="4" class="answers-table__who">Deltagare (självskattning)</th>' in html
    )
    assert '<th scope="colgroup" colspan="2" class="answers-table__who">Handläggare (bedömning)</th>' in html
    assert 'class="chart chart--radar chart--page"' in html
    assert 'class="chart chart--radar chart--compact"' in html
    # Only the chosen measurement is drawn on the self-assessment chart (and in its legend).
    assert "Mätningen 2023-03-20" in html
    assert "Första mätningen (2023-01-20)</text>" not in html.split(f"radar-{e.pk}-handlaggare-h")[0]


def test_bad_parameter_gives_the_page_not_an_error(world, history, login_as):
    url = reverse("participants:detail", args=[world.persons["anna"].pk])
    response = login_as(world.users["coord_kba"]).get(url + "?radar=%00x&radar=99999999999999999999")
    assert response.status_code == 200


def test_long_labels_are_kept_inside_their_room():
    assert _wrap("Veta vad jag vill jobba med", 9, 3) == ["Veta vad", "jag vill", "jobba med"]
    assert _wrap("Samarbete", 8, 3) == ["Samarbe-", "te"]
    assert _wrap("Arbetsmarknadskunskap", 8, 3) == ["Arbetsm-", "arknads-", "kunskap"]
    assert _wrap("Självförtroende i arbetslivet", 8, 3) == ["Självfö-", "rtroende", "i…"]
    assert _wrap("ett två tre fyra fem sex sju åtta nio", 7, 3) == ["ett två", "tre", "fyra…"]
    # Without a line limit (the older layouts) nothing is cut.
    assert _wrap("Arbetsmarknadskunskap", 9) == ["Arbetsmarknadskunskap"]


@pytest.mark.parametrize("n", [1, 5])
def test_choosing_costs_no_queries(world, n, django_assert_num_queries):
    """Four queries (plans, measurements, answers, items) with or without a choice, however many."""
    from stegvis.reports.tests.helpers import enrol, person

    who = person(world)
    picked = []
    for k in range(n):
        e = enrol(world, world.projects["helhetslyftet"], who, D(2023, 1 + k, 1), end=D(2023, 1 + k, 20))
        measure(e, D(2023, 1 + k, 2), 3)
        picked.append(measure(e, D(2023, 1 + k, 10), 5).pk)
        measure(e, D(2023, 1 + k, 12), 6, respondent="handlaggare")
    enrollments = list(Enrollment.objects.filter(person=who).select_related("project"))
    query = QueryDict("&".join(f"radar={pk}" for pk in picked))
    user = world.users["admin"]
    chart_context(user, who, enrollments)  # the user's roles are read once, as on the page
    with django_assert_num_queries(4):
        plain = chart_context(user, who, enrollments)
    with django_assert_num_queries(4):
        chosen = chart_context(user, who, enrollments, query)
    assert len(plain["progression_charts"]) == len(chosen["progression_charts"]) == n
    assert all(len(c["panels"][0]["series"]) == 1 for c in chosen["progression_charts"])
