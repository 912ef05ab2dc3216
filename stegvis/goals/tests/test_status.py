"""The status rules (met / on track / not met / no data) and the report's goals section."""

import datetime

import pytest

from stegvis.goals import actions
from stegvis.goals.status import computed_status, goals_section, qualitative_status
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import enrol, make_project, person

D = datetime.date


@pytest.mark.parametrize(
    "value,target,target_max,ended,expected",
    [
        (0.25, 0.25, None, False, "met"),  # the target itself is met
        (0.30, 0.25, None, True, "met"),
        (0.16, 0.25, None, False, "on_track"),  # 9 points short while running
        (0.15, 0.25, None, False, "on_track"),  # exactly 10 points short
        (0.1499, 0.25, None, False, "not_met"),  # just beyond 10 points
        (0.20, 0.25, None, True, "not_met"),  # after the end only met / not met
        (None, 0.25, None, False, "no_data"),
        (None, 0.25, None, True, "no_data"),
        (0.40, 0.40, 0.60, True, "met"),  # range bounds included
        (0.60, 0.40, 0.60, True, "met"),
        (0.65, 0.40, 0.60, False, "on_track"),  # above the range, within 10 points
        (0.71, 0.40, 0.60, False, "not_met"),
        (0.35, 0.40, 0.60, True, "not_met"),
    ],
)
def test_computed_status(value, target, target_max, ended, expected):
    assert computed_status(value, target, target_max, ended) == expected


@pytest.mark.parametrize(
    "recorded,ended,expected",
    [
        ("uppnatt", False, "met"),
        ("uppnatt", True, "met"),
        ("pagar", False, "on_track"),
        ("pagar", True, "not_met"),
        ("ej_paborjat", False, "not_met"),
        ("ej_uppnatt", False, "not_met"),
        ("ej_uppnatt", True, "not_met"),
    ],
)
def test_qualitative_status(recorded, ended, expected):
    assert qualitative_status(recorded, ended) == expected


@pytest.fixture
def project_with_exits(world):
    """Four exits in 2021, one of them to work: 25 % work or studies; 3 women, 1 man."""
    project = make_project(world, start=D(2021, 1, 1))
    project.end_date = D(2021, 12, 31)
    project.save()
    for n, (gender, reason) in enumerate(
        [("K", "arbete"), ("K", "flytt"), ("K", "annat"), ("M", "sjukdom_vard")]
    ):
        enrol(
            world, project, person(world, gender=gender), D(2021, 2, 1 + n), end=D(2021, 6, 1), reason=reason
        )
    return project


def test_goals_section_judges_from_the_reports_own_figures(world, project_with_exits):
    project = project_with_exits
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="30 % till arbete eller studier",
        indicator="work_or_studies",
        target="30",
    )
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="Jämn könsfördelning",
        indicator="gender_balance",
        target=40,
        target_max=60,
    )
    actions.create_goal(
        None,
        project,
        level="ledning_personal",
        kind="qualitative",
        title="BIP-utbildning",
        status="pagar",
        evidence="Första omgången klar.",
    )
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="Enkät",
        indicator="survey_agreement",
        parameters={"statement": "insatsen-till-hjalp"},
        target=60,
    )
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="Arkiverat",
        indicator="work_or_studies",
        target=10,
        archived=True,
    )

    running = build_report(project, on=D(2021, 9, 30))
    by_title = {g["title"]: g for g in running["goals"]}
    assert "Arkiverat" not in by_title
    assert [g["level"] for g in running["goals"]] == [
        "deltagare",
        "deltagare",
        "deltagare",
        "ledning_personal",
    ]
    work = by_title["30 % till arbete eller studier"]
    assert (work["value"], work["numerator"], work["denominator"]) == (
        running["work_or_studies"]["share"],
        1,
        4,
    )
    assert work["target"] == 0.3 and work["target_max"] is None
    assert work["status"] == "on_track"  # 25 % is 5 points short while the project runs
    balance = by_title["Jämn könsfördelning"]
    assert (balance["value"], balance["target"], balance["target_max"], balance["status"]) == (
        0.75,
        0.4,
        0.6,
        "not_met",
    )
    assert by_title["Enkät"]["status"] == "no_data"
    qualitative = by_title["BIP-utbildning"]
    assert (qualitative["recorded_status"], qualitative["status"], qualitative["evidence"]) == (
        "pagar",
        "on_track",
        "Första omgången klar.",
    )

    final = {g["title"]: g for g in build_report(project, on=D(2021, 12, 31))["goals"]}
    assert final["30 % till arbete eller studier"]["status"] == "not_met"
    assert final["BIP-utbildning"]["status"] == "not_met"
    assert final["Enkät"]["status"] == "no_data"


def test_goals_section_is_one_query_however_many_goals(world, project_with_exits, django_assert_num_queries):
    project = project_with_exits
    for n in range(6):
        actions.create_goal(None, project, level="organisation", kind="qualitative", title=f"Mål {n}")
    report = {"on": "2021-09-30", "by_gender": {"K": 3, "M": 1, "X": 0}}
    with django_assert_num_queries(1):
        section = goals_section(project, report, None)
    assert len(section) == 6 and all(g["status"] == "not_met" for g in section)


def test_project_without_end_date_is_always_running(world):
    project = make_project(world, code="utan-slut", start=D(2020, 1, 1))
    actions.create_goal(
        None, project, level="organisation", kind="qualitative", title="Pågår", status="pagar"
    )
    assert build_report(project, on=D(2024, 1, 1))["goals"][0]["status"] == "on_track"


def test_after_exit_goal_reads_the_same_figure_as_the_report(world, project_with_exits):
    project = project_with_exits
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="40 % efter sex månader",
        indicator="work_or_studies_after_exit",
        parameters={"months": "6"},
        target=40,
    )
    report = build_report(project, on=D(2021, 12, 31))
    [goal] = report["goals"]
    point = report["after_exit"]["6"]
    # Four exits on 2021-06-01, six months passed by 2021-12-01: one left to work.
    assert (goal["numerator"], goal["denominator"]) == (
        point["work_or_studies_at_exit_or_after"]["count"],
        point["due"],
    )
    assert (goal["numerator"], goal["denominator"], goal["value"], goal["status"]) == (1, 4, 0.25, "not_met")
