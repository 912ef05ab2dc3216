"""``breakdowns`` and ``filters``: groups that add up to the report's totals, filters that narrow every figure."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, Person
from stegvis.participants.municipalities import MUNICIPALITIES
from stegvis.reports import breakdowns as breakdowns_module
from stegvis.reports.counting import UNKNOWN, project_scope
from stegvis.reports.filters import FilterError
from stegvis.reports.project_report import build_report
from stegvis.reports.tests import report_figures

HEADER = ("organization", "filters", "generated_at")


@pytest.fixture
def demo(db):
    call_command(
        "demo-data", participants=report_figures.PARTICIPANTS, today=report_figures.TODAY, verbosity=0
    )


def _sum(groups, key):
    return sum(group[key] for group in groups.values())


def _sum_by(groups, key):
    total = {}
    for group in groups.values():
        for code, n in group[key].items():
            total[code] = total.get(code, 0) + n
    return total


def assert_adds_up(report):
    for name, groups in report["breakdowns"].items():
        assert _sum(groups, "enrollments") == report["enrollments"], name
        assert _sum_by(groups, "by_gender") == report["by_gender"], name
        assert _sum_by(groups, "by_age_band") == report["by_age_band"], name
        assert _sum(groups, "exits") == report["exits"]["total"], name
        assert _sum(groups, "work_or_studies") == report["work_or_studies"]["count"], name
        assert _sum_by(groups, "by_exit_reason") == report["exits"]["by_reason"], name


def test_the_breakdowns_add_up_to_the_report_s_totals_for_every_date_window_and_organisation(demo):
    checked = 0
    for project in Project.objects.order_by("code"):
        enrolling = set(
            Enrollment.objects.filter(project=project).values_list("organization__code", flat=True)
        )
        for _name, kwargs in report_figures.cases(project):
            report = build_report(project, **kwargs)
            assert_adds_up(report)
            breakdowns = report["breakdowns"]
            assert set(breakdowns["organization"]) == enrolling
            assert list(breakdowns["organization"]) == sorted(enrolling)
            keys = list(breakdowns["home_municipality"])
            assert keys[-1] == UNKNOWN and all(key in MUNICIPALITIES for key in keys[:-1])
            checked += report["enrollments"]
    assert checked  # the demo has enrolments to break down


def test_a_group_has_the_spec_s_keys_and_every_band_gender_and_reason(demo):
    project = Project.objects.get(code="spik")
    group = build_report(project, on=report_figures.TODAY)["breakdowns"]["organization"]["vaxjo"]
    assert set(group) == {
        "enrollments",
        "by_gender",
        "by_age_band",
        "exits",
        "work_or_studies",
        "by_exit_reason",
    }
    assert list(group["by_gender"]) == ["K", "M", "X"]
    assert list(group["by_age_band"]) == ["-19", "20-29", "30-39", "40-49", "50-59", "60-"]


def test_persons_without_a_kommunkod_are_under_okand_and_nothing_is_lost(demo):
    project = Project.objects.get(code="spik")
    on = report_figures.TODAY
    person_ids = Enrollment.objects.filter(project=project).values_list("person_id", flat=True)
    first, second = sorted(set(person_ids))[:2]
    Person.objects.filter(pk=first).update(home_municipality="")
    Person.objects.filter(pk=second).update(home_municipality="Utlandet")  # kept from before codes
    report = build_report(project, on=on)
    assert_adds_up(report)
    unknown = report["breakdowns"]["home_municipality"][UNKNOWN]
    expected = Enrollment.objects.filter(project=project, person__in=[first, second], start_date__lte=on)
    assert unknown["enrollments"] == expected.count() > 0


def test_the_breakdowns_take_two_queries_whatever_the_size(demo):
    for project in Project.objects.order_by("code"):
        scope = project_scope(project, report_figures.TODAY)
        with CaptureQueriesContext(connection) as queries:
            breakdowns_module.breakdowns(project, scope, report_figures.TODAY)
        assert len(queries.captured_queries) == 2


# --- Filters -------------------------------------------------------------------------------------


def _figures(report):
    return {key: value for key, value in report.items() if key not in HEADER}


def test_the_report_filtered_by_organisation_is_the_organisation_s_report(demo):
    for project in Project.objects.order_by("code"):
        for organization in project.organizations().order_by("code"):
            by_filter = build_report(
                project, on=report_figures.TODAY, filters={"organization": organization.code}
            )
            by_argument = build_report(project, on=report_figures.TODAY, organization=organization)
            assert by_filter["filters"] == {"organization": organization.code}
            assert _figures(by_filter) == _figures(by_argument)


def test_every_filter_narrows_every_figure_to_its_group(demo):
    project = Project.objects.get(code="spik")
    on = report_figures.TODAY
    whole = build_report(project, on=on)
    municipalities = whole["breakdowns"]["home_municipality"]
    code = next(code for code, group in municipalities.items() if code != UNKNOWN and group["enrollments"])
    name = MUNICIPALITIES[code]
    by_name = build_report(project, on=on, filters={"home_municipality": name.upper()})
    assert by_name["filters"] == {"home_municipality": code}
    assert by_name["enrollments"] == municipalities[code]["enrollments"]
    assert by_name["by_gender"] == municipalities[code]["by_gender"]
    assert by_name["exits"]["by_reason"] == municipalities[code]["by_exit_reason"]
    assert list(by_name["breakdowns"]["home_municipality"]) == [code, UNKNOWN]
    referrer = next(code for code, n in whole["by_referrer"].items() if n and code != UNKNOWN)
    by_referrer = build_report(project, on=on, filters={"referrer": referrer})
    assert by_referrer["enrollments"] == whole["by_referrer"][referrer]
    assert by_referrer["by_referrer"][referrer] == by_referrer["enrollments"]
    channel = next(code for code, n in whole["by_intake_channel"].items() if n)
    assert (
        build_report(project, on=on, filters={"intake_channel": channel})["enrollments"]
        == (whole["by_intake_channel"][channel])
    )
    group = next(name for name, n in whole["by_need_group"].items() if n)
    assert (
        build_report(project, on=on, filters={"need_group": group.lower()})["by_need_group"][group]
        == (whole["by_need_group"][group])
    )
    scope = project_scope(project, on)
    username = scope.exclude(coordinator=None).values_list("coordinator__username", flat=True).first()
    by_coordinator = build_report(project, on=on, filters={"coordinator": username})
    assert by_coordinator["enrollments"] == scope.filter(coordinator__username=username).count() > 0
    # AND: two filters give the enrolments matching both.
    both = build_report(project, on=on, filters={"coordinator": username, "referrer": referrer})
    expected = scope.filter(coordinator__username=username, referrer=referrer).count()
    assert both["enrollments"] == expected and both["filters"] == {
        "referrer": referrer,
        "coordinator": username,
    }


def test_no_filter_leaves_the_report_without_the_key(demo):
    project = Project.objects.get(code="spik")
    assert "filters" not in build_report(project, on=report_figures.TODAY)
    assert "filters" not in build_report(project, on=report_figures.TODAY, filters={"referrer": ""})


@pytest.mark.parametrize(
    ("filters", "named"),
    [
        ({"colour": "blue"}, "colour"),
        ({"organization": "nowhere"}, "nowhere"),
        ({"referrer": "granne"}, "granne"),
        ({"intake_channel": "brev"}, "brev"),
        ({"need_group": "Ingen sådan"}, "Ingen sådan"),
        ({"coordinator": "nobody"}, "nobody"),
        ({"home_municipality": "Atlantis"}, "Atlantis"),
    ],
)
def test_an_unknown_filter_key_or_value_is_an_error_naming_it(demo, filters, named):
    project = Project.objects.get(code="spik")
    with pytest.raises(FilterError) as error:
        build_report(project, on=report_figures.TODAY, filters=filters)
    assert named in str(error.value) and error.value.key == next(iter(filters))


# --- Per coordinator -----------------------------------------------------------------------------


def test_the_summary_per_coordinator_adds_up_to_the_report_and_its_progression(demo):
    for project in Project.objects.order_by("code"):
        report = build_report(project, on=report_figures.TODAY)
        summary = report["by_coordinator"]
        rows = list(summary.values())
        assert sum(row["enrollments"] for row in rows) == report["enrollments"]
        assert sum(row["active"] for row in rows) == report["active"]
        assert sum(row["exits"] for row in rows) == report["exits"]["total"]
        assert sum(row["work_or_studies"]["count"] for row in rows) == report["work_or_studies"]["count"]
        progression = report["progression"] or {"measured": 0, "positive": 0}
        assert sum(row["measured"] for row in rows) == progression["measured"]
        assert sum(row["positive"]["count"] for row in rows) == progression["positive"]
        # The coordinators are those of the follow-up's caseloads (their active enrolments).
        caseload = {row["username"]: row["active"] for row in report["coordinators"]["caseload"]}
        assert {
            name: row["active"] for name, row in summary.items() if row["active"] and name != "ingen"
        } == (caseload)
    spik = build_report(Project.objects.get(code="spik"), on=report_figures.TODAY)["by_coordinator"]
    assert any(row["measured"] for row in spik.values())


def test_the_summary_per_coordinator_takes_three_queries(demo):
    """The project's progression settings, the grouped statement, the coordinators' names."""
    from stegvis.reports.coordinator_summary import coordinator_summary

    project = Project.objects.get(code="spik")
    scope = project_scope(project, report_figures.TODAY)
    with CaptureQueriesContext(connection) as queries:
        coordinator_summary(project, scope, report_figures.TODAY)
    assert len(queries.captured_queries) == 3


def test_the_spreadsheet_has_the_breakdowns_and_the_coordinators(demo):
    from stegvis.reports.exports.render import export_tables

    project = Project.objects.get(code="spik")
    report = build_report(project, on=report_figures.TODAY)
    tables = {table.key: table for table in export_tables(report, {})}
    by_organization = tables["breakdown_organization"]
    assert by_organization.rows[-1][:2] == ["Totalt", report["enrollments"]]
    exits = tables["breakdown_municipality_exits"]
    assert exits.rows[-1][1] == report["exits"]["total"]
    assert len(tables["by_coordinator"].rows) == len(report["by_coordinator"])
