"""Placements and jobs per employer and per industry in the ``what_works`` section."""

import pytest

from stegvis.employers.testing import employer
from stegvis.interventions import actions as interventions
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress
from stegvis.reports.tests.helpers import enrol, make_project, person
from stegvis.reports.whatworks.tests.helpers import D, catalogue, take

pytestmark = pytest.mark.django_db

ON = D(2023, 12, 31)
COUNTS = (
    "total",
    "pagar",
    "anstallning_har",
    "annan_anstallning",
    "ingen_anstallning",
    "finished",
    "employed",
)


@pytest.fixture
def placed(world):
    """Seven placements: three at a preschool (P), two at a warehouse (H), one at an employer without
    an industry and one typed workplace with no employer."""
    project = make_project(world)
    entries = catalogue(project)
    preschool = employer(world, name="Förskolan Solrosen", industry="P")
    warehouse = employer(world, name="Nordlager AB", industry="H")
    unknown = employer(world, name="Okänd bransch AB", industry="")
    plan = [
        (preschool, "forskola", "anstallning_har", D(2023, 4, 30)),
        (preschool, "forskola", "ingen_anstallning", D(2023, 4, 30)),
        (preschool, "forskola", "pagar", None),
        (warehouse, "lager", "annan_anstallning", D(2023, 5, 31)),
        (warehouse, "lager", "anstallning_har", D(2023, 5, 31)),
        (unknown, "handel", "ingen_anstallning", D(2023, 6, 30)),
        (None, "kontor", "anstallning_har", D(2023, 6, 30)),
    ]
    for n, (emp, workplace_type, outcome, end) in enumerate(plan):
        enrollment = enrol(world, project, person(world, ref=f"P{n}"), D(2023, 1, 1))
        participation = take(enrollment, entries["praktik"], D(2023, 3, 1), end)
        interventions.add_placement(
            None,
            participation,
            employer=emp,
            workplace_name="" if emp else "Kontoret",
            workplace_type=workplace_type,
            outcome=outcome,
        )
    return project, preschool, warehouse, unknown


def test_per_employer_and_per_industry(placed):
    project, preschool, warehouse, unknown = placed
    section = build_report(project, on=ON)["what_works"]
    by_industry = section["placements_by_industry"]
    assert list(by_industry) == ["H", "P", "okand", "ingen"]
    assert by_industry["P"]["total"] == 3 and by_industry["P"]["employed"] == 1
    assert by_industry["P"]["finished"] == 2 and by_industry["P"]["employed_share"] == 0.5
    assert by_industry["H"]["employed"] == 2
    by_employer = section["placements_by_employer"]
    assert by_employer["P"] == {
        str(preschool.pk): {
            "name": "Förskolan Solrosen",
            "total": 3,
            "pagar": 1,
            "anstallning_har": 1,
            "annan_anstallning": 0,
            "ingen_anstallning": 1,
            "employed": 1,
            "finished": 2,
            "employed_share": 0.5,
        }
    }
    assert list(by_employer["okand"]) == [str(unknown.pk)]
    assert by_employer["ingen"]["ingen"]["total"] == 1


def test_the_groups_add_up_to_all_placements(placed):
    project = placed[0]
    section = build_report(project, on=ON)["what_works"]
    everything = section["placements"]["alla"]
    for key in COUNTS:
        assert sum(row[key] for row in section["placements_by_industry"].values()) == everything[key]
        employers = section["placements_by_employer"]
        assert sum(row[key] for group in employers.values() for row in group.values()) == everything[key]
        for industry, row in section["placements_by_industry"].items():
            assert sum(r[key] for r in employers[industry].values()) == row[key]


def test_as_of_a_date_a_placement_not_ended_then_is_ongoing(placed):
    section = build_report(placed[0], on=D(2023, 5, 15))["what_works"]
    assert section["placements_by_industry"]["H"]["pagar"] == 2
    assert section["placements_by_industry"]["H"]["employed"] == 0


def test_suppression_hides_small_groups_and_what_would_tell_them(placed):
    project = placed[0]
    report = suppress(build_report(project, on=ON), 3)
    section = report["what_works"]
    industries = section["placements_by_industry"]
    # The warehouse's 2 placements are below 3: hidden, and so is its share.
    assert industries["H"]["total"] == "<3" and industries["H"]["employed_share"] is None
    employers = section["placements_by_employer"]
    assert next(iter(employers["H"].values()))["total"] == "<3"
    # The industries add up to all placements (7, shown): one hidden industry alone could be
    # worked out, so a second one is hidden with it.
    assert section["placements"]["alla"]["total"] == 7
    assert sum(1 for row in industries.values() if row["total"] == "<3") >= 2


def test_the_tables_of_the_exports(placed):
    from stegvis.reports.tables import tables_of

    tables = {t.key: t for t in tables_of(build_report(placed[0], on=ON), "what_works")}
    by_employer = tables["what_works_placements_by_employer"]
    assert by_employer.columns[:3] == ["Arbetsgivare", "Bransch (SNI)", "Platser"]
    assert ["Ingen arbetsgivare kopplad", "Ingen arbetsgivare kopplad", 1] == by_employer.rows[-1][:3]
    by_industry = tables["what_works_placements_by_industry"]
    assert by_industry.rows[0][0] == "H Transport och magasinering"
    assert [row[0] for row in by_industry.rows[-2:]] == ["Bransch saknas", "Ingen arbetsgivare kopplad"]
