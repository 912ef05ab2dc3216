"""The participant page's spider charts in a real browser: words as large as the body text, the
page fits a 320 px screen, the choice of measurements works without script, and axe is clean."""

import datetime

import pytest

from stegvis.progression import defaults
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument, Item

D = datetime.date

# For each visible spider chart: its labels' rendered size in CSS px (font size in the drawing's
# units, scaled by the drawn width over the viewBox width), and the body's font size.
LABEL_SIZES = """() => {
  const body = parseFloat(getComputedStyle(document.body).fontSize);
  return [...document.querySelectorAll('#del-progression svg.chart--radar')]
    .filter(svg => svg.getBoundingClientRect().width > 0)
    .map(svg => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const label = svg.querySelector('.radar-labels text');
      const box = svg.getBoundingClientRect();
      const outside = [...svg.querySelectorAll('.radar-labels text, .radar-legend text')].filter(t => {
        const r = t.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1;
      }).map(t => t.textContent);
      return {px: parseFloat(getComputedStyle(label).fontSize) * scale, body, width: box.width, outside};
    });
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chart_is_readable_and_fits_320_px(page, browser_login, axe):
    from stegvis.testing import build_world

    defaults.install(Instrument, Item)
    world = build_world()
    e = world.enrollments["anna"]
    card = Instrument.objects.get(code="progressionskort", version=1)
    for month, value, who in (
        (1, 3, "deltagare"),
        (3, 5, "deltagare"),
        (6, 7, "deltagare"),
        (1, 4, "handlaggare"),
    ):
        answers = {f"q{i}": value for i in range(1, 11)}
        record_measurement(None, e, card, respondent=who, date=D(2023, month, 20), answers=answers)
    browser_login("coord_kba")
    page.goto(page.base_url + f"/deltagare/{world.persons['anna'].pk}/")

    wide = page.evaluate(LABEL_SIZES)
    assert len(wide) == 2
    for chart in wide:
        assert chart["px"] >= chart["body"], chart
        assert chart["outside"] == [], chart
        assert 440 <= chart["width"] <= 560, chart
    assert axe(page) == []

    # Choose the March measurement only, without script's help: a plain GET form.
    page.get_by_role("checkbox", name="Första mätningen (2023-01-20)").first.uncheck()
    page.get_by_role("checkbox", name="Senaste mätningen (2023-06-20)").first.uncheck()
    page.get_by_role("checkbox", name="Föregående mätning (2023-03-20)").first.check()
    page.get_by_role("button", name="Visa valda mätningar").click()
    page.wait_for_url("**radar=**")
    assert page.url.endswith(f"#diagram-{e.pk}")
    legend = page.locator(f"#radar-{e.pk}-deltagare-title").locator("xpath=..").locator(".radar-legend text")
    assert legend.all_text_contents() == ["Föregående mätning (2023-03-20)"]

    page.set_viewport_size({"width": 320, "height": 800})
    page.wait_for_timeout(100)
    narrow = page.evaluate(LABEL_SIZES)
    assert len(narrow) == 2
    for chart in narrow:
        assert chart["px"] >= chart["body"], chart
        assert chart["outside"] == [], chart
    assert page.evaluate(OVERFLOW) <= 0
    assert axe(page) == []
