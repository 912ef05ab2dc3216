"""The figures the seed reports publish, from record-level files imported through the exchange format.

Both cases run the way a project administrator would: ``stegvis import`` of a folder, then
``stegvis report --format json``.

- Kungsbacka (Helhetslyftet): 47 participants, 12 men and 35 women; exits moved 11, work 16,
  studies 6, treatment 3, other 11.
- Skövde (Vägen framåt): internal yearly reports said 35, SUS said 23 persons. Counting persons
  per calendar year and adding the years up gives 35; counting persons gives 23.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parents[2] / "exchange" / "tests" / "fixtures"


def import_folder(name):
    out = io.StringIO()
    call_command("import", str(FIXTURES / name), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def report(code, *args):
    out = io.StringIO()
    call_command("report", code, "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_kungsbacka_final_report_figures():
    import_folder("kungsbacka")
    data = report("helhetslyftet-kungsbacka", "--on", "2025-06-30")
    assert data["project"] == "helhetslyftet-kungsbacka"
    assert data["on"] == "2025-06-30"
    assert data["enrollments"] == 47
    assert data["unique_persons"] == 47
    assert data["active"] == 0
    assert data["by_gender"] == {"K": 35, "M": 12, "X": 0}
    exits = data["exits"]
    assert exits["total"] == 47
    assert {k: v for k, v in exits["by_reason"].items() if v} == {
        "flytt": 11,
        "arbete": 16,
        "studier": 6,
        "sjukdom_vard": 3,
        "annat": 11,
    }
    # Every code is present, with 0 where there is none.
    assert exits["by_reason"]["arbetsmarknadsutbildning"] == 0
    assert sum(exits["by_reason_and_gender"]["arbete"].values()) == 16
    assert data["work_or_studies"] == {"count": 22, "share": round(22 / 47, 4)}
    assert sum(data["by_age_band"].values()) == 47
    assert sum(data["by_referrer"].values()) == 47


@pytest.mark.django_db
def test_kungsbacka_import_twice_changes_no_figure():
    import_folder("kungsbacka")
    first = report("helhetslyftet-kungsbacka", "--on", "2025-06-30")
    import_folder("kungsbacka")
    second = report("helhetslyftet-kungsbacka", "--on", "2025-06-30")
    first.pop("generated_at", None), second.pop("generated_at", None)
    assert first == second


@pytest.mark.django_db
def test_kungsbacka_report_depends_on_the_date_it_is_taken():
    """A report taken during the project counts later exits as still active (Kristinehamn's lesson)."""
    import_folder("kungsbacka")
    during = report("helhetslyftet-kungsbacka", "--on", "2023-12-31")
    end = report("helhetslyftet-kungsbacka", "--on", "2025-06-30")
    assert during["enrollments"] <= end["enrollments"]
    assert during["exits"]["total"] < end["exits"]["total"]
    assert during["active"] + during["exits"]["total"] == during["enrollments"]
    assert during["active"] > 0


@pytest.mark.django_db
def test_skovde_people_enrolled_across_years_are_counted_once():
    import_folder("skovde")
    whole = report("vagen-fram", "--on", "2021-12-31")
    assert whole["unique_persons"] == 23
    assert whole["enrollments"] == 25  # two persons were enrolled twice
    per_year = [
        report("vagen-fram", "--on", "2021-12-31", "--from", f"{year}-01-01", "--to", f"{year}-12-31")[
            "unique_persons"
        ]
        for year in (2019, 2020, 2021)
    ]
    # Adding up yearly reports is what produced the internal figure of 35.
    assert sum(per_year) == 35
    assert all(count <= 23 for count in per_year)
