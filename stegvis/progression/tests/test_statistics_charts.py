"""The spider chart tag, and the charts on the participant page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument
from stegvis.progression.templatetags.progression_charts import radar_chart
from stegvis.reports.tests.helpers import enrol, person

D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"

AXES = [{"code": f"q{i}", "label": f"Område {i}", "min": 1, "max": 10} for i in range(1, 6)]


def render(axes, series, title="Diagram", chart_id="c1"):
    template = Template("{% load progression_charts %}{% radar_chart axes series title chart_id %}")
    return template.render(Context({"axes": axes, "series": series, "title": title, "chart_id": chart_id}))


def svg_of(html):
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    return ET.fromstring(html[start:end])


def series(*value_lists):
    labels = ["Första", "Föregående", "Senaste"][-len(value_lists) :]
    return [
        {"label": label, "values": {f"q{i}": v for i, v in enumerate(values, start=1)}}
        for label, values in zip(labels, value_lists, strict=False)
    ]


def test_svg_is_valid_and_named():
    html = render(AXES, series([1, 2, 3, 4, 5], [5, 5, 5, 5, 5], [9, 8, 7, 6, 10]))
    svg = svg_of(html)  # well-formed XML
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find(f"{SVG}title").text == "Diagram"
    desc = svg.find(f"{SVG}desc").text
    assert "5 områden på skalan 1–10" in desc
    assert "Senaste: medelvärde 8 (5 av 5 besvarade)" in desc
    assert "Första: medelvärde 3 (5 av 5 besvarade)" in desc


def test_one_line_per_series_with_distinct_colour_and_dash():
    svg = svg_of(render(AXES, series([1, 2, 3, 4, 5], [5, 5, 5, 5, 5], [9, 8, 7, 6, 10])))
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "radar-series"]
    assert len(groups) == 3
    shapes = [g.find(f"{SVG}polygon") for g in groups]
    assert len({g.get("stroke") for g in groups}) == 3
    assert len({s.get("stroke-dasharray") for s in shapes}) == 3  # solid (None), dashed, dotted
    # Each series has one marker per answered axis, of a shape of its own.
    marker_tags = [{child.tag for child in list(g)[1:]} for g in groups]
    assert marker_tags == [{f"{SVG}circle"}, {f"{SVG}rect"}, {f"{SVG}polygon"}]
    assert all(len(list(g)) == 1 + 5 for g in groups)


def test_two_series_take_the_first_and_latest_styles():
    svg = svg_of(render(AXES, series([1, 2, 3, 4, 5], [9, 8, 7, 6, 10])))
    groups = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "radar-series"]
    assert [g.get("stroke") for g in groups] == ["#6b7280", "#1f5f8b"]


def test_more_than_three_series_are_cut_to_three():
    many = [{"label": f"S{i}", "values": {"q1": i}} for i in range(5)]
    svg = svg_of(render(AXES, many))
    assert len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "radar-series"]) == 3


def test_unanswered_item_leaves_a_gap_and_a_dash():
    html = render(AXES, series([3, None, 5, 5, 5]))
    svg = svg_of(html)
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "radar-series")
    path = group.find(f"{SVG}path")
    assert list(group)[0] is path  # a path with gaps, not a closed polygon
    assert len(list(group)) == 1 + 4  # markers only where answered
    # Five axes, q2 missing: q3-q4, q4-q5 and q5-q1 are joined, q1-q2 and q2-q3 are not.
    assert path.get("d").count("M") == 3
    assert "4 av 5 besvarade" in svg.find(f"{SVG}desc").text
    assert '<td class="num">–</td>' in html


def test_table_alternative():
    html = render(AXES, series([1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [3, 4, 5, 6, 7]), title="Anna")
    table = html[html.index("<details") :]
    assert "<caption>Anna</caption>" in table
    assert table.count('<th scope="col"') == 4  # area + three series
    assert table.count('<th scope="row">Område') == 5
    assert '<td class="num">7</td>' in table


def test_decimal_values_in_swedish():
    html = render(AXES[:3], [{"label": "Medel", "values": {"q1": 5.25, "q2": 6.0, "q3": 4.5}}])
    assert "5,25" in html and "4,5" in html


def test_negative_numbers_use_a_minus_sign():
    from stegvis.progression.templatetags.progression_charts import format_value

    assert format_value(-1.0) == "−1"
    assert format_value(-0.25) == "−0,25"
    assert format_value(None) == "–"


def test_legend_names_every_series():
    svg = svg_of(render(AXES, series([1, 2, 3, 4, 5], [9, 8, 7, 6, 10])))
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "radar-legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Föregående", "Senaste"]


def test_values_outside_scale_are_kept_inside_the_chart():
    context = radar_chart(AXES[:3], [{"label": "x", "values": {"q1": 20, "q2": -5, "q3": 1}}], "t", "c")
    assert context["series"][0]["complete"] is True


# --- Participant page --------------------------------------------------------------------------


def measure(enrollment, date, value, respondent="deltagare"):
    card = Instrument.objects.get(code="progressionskort", version=1)
    answers = {f"q{i}": value for i in range(1, 11)}
    return record_measurement(None, enrollment, card, respondent=respondent, date=date, answers=answers)


def test_participant_page_shows_both_perspectives(world, login_as):
    e = world.enrollments["anna"]
    measure(e, D(2023, 1, 20), 4)
    measure(e, D(2023, 4, 20), 5)
    measure(e, D(2023, 7, 20), 7)
    measure(e, D(2023, 1, 20), 3, respondent="handlaggare")
    measure(e, D(2023, 7, 20), 3, respondent="handlaggare")
    response = login_as(world.users["coord_kba"]).get(
        reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="radar-{e.pk}-deltagare-title"' in html
    assert f'id="radar-{e.pk}-handlaggare-title"' in html
    assert "Första mätningen (2023-01-20)" in html
    assert "Föregående mätning (2023-04-20)" in html
    assert "Senaste mätningen (2023-07-20)" in html
    assert "<strong>+3</strong> (Positiv förändring)" in html
    assert "<strong>±0</strong> (Oförändrat)" in html
    assert "data-print-charts" in html


def test_participant_page_without_measurements_has_no_chart(world, login_as):
    response = login_as(world.users["coord_kba"]).get(
        reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    assert "radar-chart" not in response.content.decode()


def test_other_organisation_sees_no_chart(world, login_as):
    measure(world.enrollments["cia"], D(2021, 3, 5), 4)
    response = login_as(world.users["coord_kba"]).get(
        reverse("participants:detail", args=[world.persons["cia"].pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("n", [1, 6])
def test_participant_chart_queries_do_not_grow(world, n, django_assert_max_num_queries):
    from stegvis.participants.models import Enrollment
    from stegvis.progression.statistics.participant import chart_context

    who = person(world)
    for k in range(n):
        e = enrol(world, world.projects["helhetslyftet"], who, D(2023, 1 + k, 1), end=D(2023, 1 + k, 20))
        measure(e, D(2023, 1 + k, 2), 3)
        measure(e, D(2023, 1 + k, 10), 5)
        measure(e, D(2023, 1 + k, 12), 6, respondent="handlaggare")
    enrollments = Enrollment.objects.filter(person=who).select_related("project")
    with django_assert_max_num_queries(6):
        context = chart_context(world.users["admin"], who, enrollments)
    assert len(context["progression_charts"]) == n
    assert all(len(c["panels"]) == 2 for c in context["progression_charts"])


def test_chart_ignores_measurements_outside_the_enrolment(world, login_as):
    from stegvis.progression.models import Answer, Measurement

    e = world.enrollments["anna"]
    card = Instrument.objects.get(code="progressionskort", version=1)
    early = Measurement.objects.create(
        enrollment=e, instrument=card, respondent="deltagare", date=D(2022, 12, 1)
    )
    Answer.objects.bulk_create([Answer(measurement=early, item=i, value=1) for i in card.items.all()])
    measure(e, D(2023, 2, 1), 6)
    response = login_as(world.users["coord_kba"]).get(
        reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    html = response.content.decode()
    assert "mätningen (2022-12-01)" not in html
    assert "En mätning hittills, poäng 6." in html
    assert AuditEntry.objects.filter(person=world.persons["anna"]).exists()
