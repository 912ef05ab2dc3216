"""The comparison page /projekt/jamfor/ and its spreadsheet: who may compare what, when the figures
are suppressed (evaluators, and across organisations), the choices in the address, the query count."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.organizations.actions import grant_role, save_project
from stegvis.organizations.forms import ProjectForm
from stegvis.organizations.models import Role
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress
from stegvis.reports.tests.helpers import D, enrol, make_project, person
from stegvis.testing import make_user

pytestmark = pytest.mark.django_db

URL = reverse("reports:compare")
XLSX_URL = reverse("reports:compare_xlsx")
ON = "2024-06-30"


def _get(client, query, url=URL):
    return client.get(f"{url}?{query}")


def _offered(response):
    return [code for code, _label in response.context["form"].fields["project"].choices]


def _without_time(report):
    return {key: value for key, value in report.items() if key != "generated_at"}


@pytest.mark.parametrize(
    "role, offered",
    [
        ("admin", ["helhetslyftet", "spik"]),
        ("leader", ["helhetslyftet"]),
        ("coord_kba", ["helhetslyftet"]),
        ("coord_mdl", ["helhetslyftet"]),
        ("coord_spik", ["spik"]),
        ("evaluator", ["helhetslyftet"]),
    ],
)
def test_each_role_chooses_among_the_projects_whose_reports_it_may_see(world, login_as, role, offered):
    response = login_as(world.users[role]).get(URL)
    assert response.status_code == 200
    assert [str(code) for code in _offered(response)] == offered
    assert response.context["compared"] is None


def test_a_project_the_user_may_not_see_cannot_be_asked_for(world, login_as):
    response = _get(login_as(world.users["coord_kba"]), "project=helhetslyftet&project=spik")
    assert response.status_code == 200
    assert response.context["compared"] is None
    assert "Välj bland projekten i listan." in response.context["form"].errors["project"]
    assert b"SPiK" not in response.content


def test_figures_are_each_projects_report(world, login_as):
    response = _get(login_as(world.users["admin"]), f"project=spik&project=helhetslyftet&on={ON}")
    compared = response.context["compared"]
    assert [r["project"] for r in compared.reports] == ["helhetslyftet", "spik"]  # the list's order
    for project, report in zip(compared.projects, compared.reports, strict=True):
        assert _without_time(report) == _without_time(build_report(project, on=D(2024, 6, 30)))
    assert not compared.applied
    assert b"Helhetslyftet" in response.content and b"SPiK" in response.content
    assert b'<div class="table-wrap" tabindex="0" role="region" aria-label="' in response.content
    assert b'role="img"' in response.content  # the charts, each with its table


def test_all_of_a_funders_projects(world, login_as):
    compared = _get(login_as(world.users["admin"]), "funder=esf").context["compared"]
    assert [p.code for p in compared.projects] == ["spik"]
    compared = _get(login_as(world.users["admin"]), "project=helhetslyftet&funder=esf").context["compared"]
    assert [p.code for p in compared.projects] == ["helhetslyftet", "spik"]


def test_nothing_chosen_is_an_error_naming_the_field(world, login_as):
    response = _get(login_as(world.users["admin"]), f"on={ON}")
    assert "Välj minst ett projekt, eller en finansiär." in response.context["form"].errors["project"]


# --- Small numbers ----------------------------------------------------------------------------------


def _shown(response):
    compared = response.context["compared"]
    return compared, [_without_time(r) for r in compared.reports]


def _suppressed(world, *codes):
    return [_without_time(suppress(build_report(world.projects[c], on=D(2024, 6, 30)), 5)) for c in codes]


@pytest.mark.parametrize("role", ["admin", "leader", "coord_kba"])
def test_those_who_see_the_records_get_raw_figures_unless_they_choose(world, login_as, role):
    client = login_as(world.users[role])
    compared, reports = _shown(_get(client, f"project=helhetslyftet&on={ON}"))
    assert not compared.applied and "suppressed" not in reports[0]
    response = _get(client, f"project=helhetslyftet&on={ON}&suppress_small=1")
    compared, reports = _shown(response)
    assert compared.applied and not compared.forced
    assert reports == _suppressed(world, "helhetslyftet")
    assert "suppress_small=1" in response.context["xlsx_url"]


@pytest.mark.parametrize(
    "role, why",
    [
        ("evaluator", "an evaluator sees aggregates only"),
        ("coord_mdl", "Mölndal is a partner: Helhetslyftet is run by Kungsbacka"),
    ],
)
def test_without_the_records_every_figure_is_suppressed_and_the_page_says_so(world, login_as, role, why):
    response = _get(login_as(world.users[role]), f"project=helhetslyftet&on={ON}")
    compared, reports = _shown(response)
    assert compared.forced, why
    assert reports == _suppressed(world, "helhetslyftet")
    assert "du inte har tillgång till" in response.content.decode()
    assert "suppress_small" not in response.context["xlsx_url"]  # forced, not chosen


def test_the_comparison_across_organisations_is_suppressed_for_every_project(world, login_as):
    """A coordinator of Mölndal in all its projects: its own project raw, with Kungsbacka's suppressed."""
    own, _created, _changes = save_project(
        None,
        code="molndalsprojekt",
        name="Mölndalsprojektet",
        owner=world.orgs["molndal"],
        start_date=D(2022, 1, 1),
    )
    user = make_user("mdl_alla")
    grant_role(None, user, role=Role.COORDINATOR, organization=world.orgs["molndal"])
    client = login_as(user)
    compared, _reports = _shown(_get(client, f"project=molndalsprojekt&on={ON}"))
    assert not compared.forced
    compared, reports = _shown(_get(client, f"project=molndalsprojekt&project=helhetslyftet&on={ON}"))
    assert compared.forced and all(r["suppressed"]["min_cell"] == 5 for r in reports)
    assert reports[0] == _suppressed(world, "helhetslyftet")[0]  # helhetslyftet comes first by name
    assert own.code == reports[1]["project"]


# --- Filters in the address, the spreadsheet ----------------------------------------------------------


def test_filters_are_in_the_address_and_the_spreadsheet_link(world, login_as):
    response = _get(
        login_as(world.users["admin"]), f"project=helhetslyftet&project=spik&on={ON}&referrer=okand"
    )
    compared = response.context["compared"]
    assert all(r["filters"] == {"referrer": "okand"} for r in compared.reports)
    link = response.context["xlsx_url"]
    assert link.startswith(XLSX_URL) and "referrer=okand" in link
    assert "project=helhetslyftet" in link and "project=spik" in link and f"on={ON}" in link


def test_a_filter_value_one_project_lacks_is_shown_at_the_filter_naming_the_project(world, login_as):
    response = _get(login_as(world.users["admin"]), "project=helhetslyftet&project=spik&organization=molndal")
    assert response.context["compared"] is None
    (message,) = response.context["form"].errors["organization"]
    assert message.startswith("SPiK: ") and '"molndal" finns inte' in message


def test_the_spreadsheet_has_the_figures_and_is_audited_per_project(world, login_as):
    response = _get(login_as(world.users["coord_mdl"]), f"project=helhetslyftet&on={ON}", url=XLSX_URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'jamforelse-helhetslyftet-{ON}.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("Nyckeltal", "Helhetslyftet") in [row[:2] for row in rows]
    assert any(row[0] == "Små tal" for row in rows)  # forced for the partner's coordinator
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.detail.startswith("webben: jämförelse: xlsx") and entry.user == world.users["coord_mdl"]


def test_the_spreadsheet_with_wrong_choices_is_the_page_with_its_errors(world, login_as):
    response = _get(login_as(world.users["admin"]), "project=okänt", url=XLSX_URL)
    assert response.status_code == 400
    assert response.context["form"].errors["project"]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_formula_in_a_project_name_stays_text_in_the_spreadsheet(world, login_as):
    project = make_project(world, code="formel")
    project.name = "=HYPERLINK(1)"
    project.save()
    response = _get(login_as(world.users["admin"]), "project=formel", url=XLSX_URL)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1)"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_jamfor_is_a_reserved_project_code(world):
    form = ProjectForm(
        {"code": "jamfor", "name": "X", "owner": world.orgs["kungsbacka"].pk, "start_date": "2024-01-01"}
    )
    assert not form.is_valid() and "reserverad" in str(form.errors["code"])


# --- Queries ------------------------------------------------------------------------------------------


def _queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, query)
    assert response.status_code == 200 and response.context["compared"] is not None
    return len(queries.captured_queries)


def test_queries_are_bounded_per_project_not_per_participant(world, login_as):
    second = make_project(world, code="andra")
    # Not empty: an empty report skips a query or two (the median of no enrolments is not asked for).
    enrol(world, second, person(world), D(2022, 1, 1), referrer="af")
    client = login_as(world.users["admin"])
    query = f"on={ON}&referrer=af"
    one = _queries(client, f"project=helhetslyftet&{query}")
    two = _queries(client, f"project=helhetslyftet&project=andra&{query}")
    for i in range(12):
        enrol(world, second, person(world, birth_year=1970 + i), D(2023, 1, 1 + i), referrer="af")
        enrol(
            world,
            world.projects["helhetslyftet"],
            person(world),
            D(2023, 2, 1 + i),
            end=D(2023, 5, 1),
            referrer="af",
        )
    assert _queries(client, f"project=helhetslyftet&project=andra&{query}") == two
    assert _queries(client, f"project=helhetslyftet&{query}") == one
    # The second project costs at most what the first did (its report's own fixed number of queries).
    assert two - one <= one
