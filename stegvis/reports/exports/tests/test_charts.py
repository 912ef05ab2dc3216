"""The draft's charts: PNG pictures of the figures they are given, each with its figures as alternative text."""

import io

import pytest
from PIL import Image

from stegvis.reports.exports import charts
from stegvis.reports.exports.drawing import DPI, WIDTH_IN, nice_ticks

GENDERS = {"K": 3, "M": 2, "X": 1}


def picture(chart):
    image = Image.open(io.BytesIO(chart.png))
    image.load()
    return image


def test_a_chart_is_a_png_of_the_page_width_at_print_resolution():
    image = picture(charts.bar_chart({"af": 4, "fk": 2}, "referrer", "Anvisare"))
    assert image.format == "PNG"
    assert image.width == round(WIDTH_IN * DPI)
    assert round(image.info["dpi"][0]) == DPI


def test_more_rows_make_a_taller_chart():
    few = picture(charts.bar_chart({"af": 4}, "referrer", "Anvisare"))
    many = picture(charts.bar_chart({f"x{i}": i for i in range(20)}, "referrer", "Anvisare"))
    assert many.height > few.height


def test_every_chart_says_its_figures_in_the_description():
    bars = charts.bar_chart({"af": 4, "fk": 2}, "referrer", "Anvisare")
    assert bars.description == "Anvisare. Arbetsförmedlingen: 4; Försäkringskassan: 2."
    stacked = charts.gender_stacked_chart({"arbete": GENDERS}, "exit_reason", "Avslut")
    assert stacked.description == "Avslut. Arbete: Kvinna 3, Man 2, Annat/ej angivet 1."
    balance = charts.gender_balance_chart({"af": {"K": 1, "M": 3, "X": 0}}, "Balans")
    assert "Arbetsförmedlingen: 25 % kvinnor" in balance.description
    outcome = charts.progression_outcome_chart(
        [("Alla", {"measured": 4, "positive": 2, "unchanged": 1, "negative": 1})], "Förändring"
    )
    assert outcome.description == (
        "Förändring. Alla: Positiv förändring 2, Oförändrade 1, Negativ förändring 1 av 4."
    )
    items = {
        f"q{i}": {
            "dimension": f"Område {i}",
            "mean_first": 3.5,
            "mean_latest": 5,
            "scale_min": 1,
            "scale_max": 10,
        }
        for i in range(3)
    }
    radar = charts.progression_radar_chart(items, "Spindel")
    assert radar.description == "Spindel. Område 0: 3,5 → 5; Område 1: 3,5 → 5; Område 2: 3,5 → 5."
    for chart in (bars, stacked, balance, outcome, radar):
        assert picture(chart).format == "PNG"


def test_charts_without_figures():
    assert picture(charts.bar_chart({}, "referrer", "Anvisare")).format == "PNG"
    assert picture(charts.gender_balance_chart({}, "Balans")).format == "PNG"
    assert charts.progression_outcome_chart([("Alla", {"measured": 0})], "Förändring") is None
    two = {f"q{i}": {"dimension": "x", "mean_first": 1, "mean_latest": 2} for i in range(2)}
    assert charts.progression_radar_chart(two, "Spindel") is None


def test_the_bars_differ_by_more_than_colour():
    """Men's bars are hatched: the picture holds white lines inside the men's colour."""
    image = picture(
        charts.gender_stacked_chart({"arbete": {"K": 0, "M": 10, "X": 0}}, "exit_reason", "Avslut")
    )
    colours = {colour for _count, colour in image.convert("RGB").getcolors(maxcolors=1 << 16)}
    assert (0x00, 0x72, 0xB2) in colours and (255, 255, 255) in colours


@pytest.mark.parametrize(
    "high,expected",
    [
        (100, [0, 20, 40, 60, 80, 100]),
        (185, [0, 25, 50, 75, 100, 125, 150, 175]),
        (3.3, [0, 0.5, 1, 1.5, 2, 2.5, 3]),
    ],
)
def test_axis_ticks_are_round_numbers(high, expected):
    assert [t for t in nice_ticks(high) if t <= high] == pytest.approx(expected)


def test_a_very_long_label_leaves_room_for_the_bars_and_stays_whole_in_the_text():
    long = "En mycket lång benämning " * 8
    chart = charts.bar_chart({"x": 5}, "referrer", "Anvisare", labels={"x": long})
    assert long in chart.description
    image = picture(chart).convert("RGB")
    bar = [x for x in range(image.width) if image.getpixel((x, image.height // 3)) == (0x00, 0x72, 0xB2)]
    assert len(bar) > image.width / 3
