"""The downloads: who may have them, the parameters, the audit entry, and constant query counts."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.reports.exports.tests.conftest import ON, add_participants
from stegvis.reports.exports.tests.helpers import document, heading_texts, sheet_rows, workbook
from stegvis.reports.project_report import build_report

pytestmark = pytest.mark.django_db

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(name, code="helhetslyftet", query=""):
    return reverse(f"reports:{name}", kwargs={"code": code}) + (f"?{query}" if query else "")


def test_evaluator_downloads_xlsx_with_the_report_figures(world, project, login_as):
    response = login_as(world.users["evaluator"]).get(url("project_report_xlsx", query="on=2024-06-30"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="rapport-helhetslyftet-2024-06-30.xlsx"'
    book = workbook(response.content)
    key = {row[0]: row[1] for row in sheet_rows(book["Nyckeltal"])[1:] if row[0]}
    assert key["Inskrivningar"] == build_report(project, on=ON)["enrollments"] == 8


def test_docx_download(world, project, login_as):
    response = login_as(world.users["evaluator"]).get(
        url("final_report_docx", query="on=2024-06-30&from=2023-01-01&to=2023-12-31")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX_TYPE
    assert (
        response["Content-Disposition"] == 'attachment; filename="slutrapport-helhetslyftet-2024-06-30.docx"'
    )
    doc = document(response.content)
    assert "Sammanfattning" in heading_texts(doc)
    facts = {row[0]: row[1] for row in [[c.text for c in r.cells] for r in doc.tables[0].rows]}
    assert facts["Period"] == "Inskrivningar som pågick 2023-01-01 – 2023-12-31"


def test_every_download_is_audited_with_format_and_parameters(world, login_as):
    client = login_as(world.users["leader"])
    client.get(url("project_report_xlsx", query="on=2024-06-30&organization=molndal"))
    client.get(url("final_report_docx"))
    entries = list(AuditEntry.objects.filter(action=AuditAction.EXPORT).order_by("pk"))
    assert len(entries) == 2
    xlsx, docx = entries
    project = world.projects["helhetslyftet"]
    assert (xlsx.object_type, xlsx.object_id, xlsx.username) == (
        "organizations.project",
        str(project.pk),
        "leader",
    )
    assert xlsx.detail == "webben: xlsx on=2024-06-30 organization=molndal"
    assert docx.detail.startswith("webben: docx on=")


def test_organisation_limits_the_figures(world, login_as):
    add_participants(world)
    response = login_as(world.users["leader"]).get(url("project_report_xlsx", query="organization=molndal"))
    book = workbook(response.content)
    about = {row[0]: row[1] for row in sheet_rows(book["Om rapporten"]) if row and row[0]}
    assert about["Organisation"] == "Mölndals stad"
    key = {row[0]: row[1] for row in sheet_rows(book["Nyckeltal"])[1:] if row[0]}
    assert key["Inskrivningar"] == 1  # bo; everyone else was enrolled by Kungsbacka
    assert response["Content-Disposition"].endswith("-molndal-" + about["Per datum"] + '.xlsx"')


@pytest.mark.parametrize(
    "query,field,message",
    [
        ("on=inte-ett-datum", "Per datum", "Ange ett giltigt datum"),
        ("on=2999-01-01", "Per datum", "kan inte vara senare än i dag"),
        ("from=2024-02-01&to=2024-01-01", "Till och med", "kan inte vara före"),
        ("organization=finns-inte", "Organisation", "Det finns ingen organisation med koden 'finns-inte'"),
        (
            "organization=af",
            "Organisation",
            "Organisationer i projektet: kungsbacka, molndal",
        ),  # af is SPiK's partner
    ],
)
@pytest.mark.parametrize("name", ["project_report_xlsx", "final_report_docx"])
def test_bad_parameters_are_400_with_a_swedish_message(world, login_as, name, query, field, message):
    response = login_as(world.users["leader"]).get(url(name, query=query))
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert f"{field}: " in text and message in text
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("name", ["project_report_xlsx", "final_report_docx"])
def test_query_count_does_not_grow_with_data(world, login_as, name):
    client = login_as(world.users["leader"])
    add_participants(world, 1)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, query="on=2024-06-30")).status_code == 200
        return len(queries)

    small = count()
    add_participants(world, 3)
    assert count() == small


def test_report_page_offers_the_downloads_with_its_parameters(world, login_as):
    response = login_as(world.users["evaluator"]).get(
        reverse("reports:project_report", kwargs={"code": "helhetslyftet"}) + "?on=2024-06-30&from=2024-01-01"
    )
    html = response.content.decode()
    assert 'href="/projekt/helhetslyftet/rapport.xlsx?on=2024-06-30&amp;from=2024-01-01"' in html
    assert 'href="/projekt/helhetslyftet/slutrapport.docx?on=2024-06-30&amp;from=2024-01-01"' in html
    assert "Utkast till slutrapport (Word)" in html


# A download's own queries besides build_report's: the session and the user, the user's roles,
# the project (with access), the organisations' names, and the audit entry (its chain link too;
# on PostgreSQL the chain's lock is one statement more).
EXPORT_QUERIES = 10


@pytest.mark.parametrize("name", ["project_report_xlsx", "final_report_docx"])
def test_a_download_is_the_report_and_a_fixed_number_of_queries(world, login_as, name):
    """The export itself never counts: whatever build_report needs, a file adds the same few queries."""
    client = login_as(world.users["leader"])
    project = add_participants(world, 2)
    with CaptureQueriesContext(connection) as report:
        build_report(project, on=ON)
    with CaptureQueriesContext(connection) as download:
        assert client.get(url(name, query="on=2024-06-30")).status_code == 200
    report_sql = {q["sql"] for q in report.captured_queries}
    extra = [q["sql"][:150] for q in download.captured_queries if q["sql"] not in report_sql]
    # The draft also reads the project's texts per chapter and its horizontal-principles checklist
    # (stegvis.reports.exports.chapters).
    expected = EXPORT_QUERIES + 2 * (name == "final_report_docx") + (connection.vendor == "postgresql")
    assert len(download) - len(report) == expected, extra
