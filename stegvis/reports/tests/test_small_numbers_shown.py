"""Small numbers in the browser: always hidden for evaluators, on request (suppress_small=1) for others.

The test world's project helhetslyftet has two enrolments, so every count in its report is small.
"""

import json

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.actions import set_min_cell, token_of
from stegvis.reports.exports.tests.helpers import document, sheet_rows, workbook

CODE = "helhetslyftet"
NOTE = "Små tal (under 5) visas som &lt;5"
CHOICE = "Dölj små tal (under 5)"


def url(name, **query):
    base = reverse(name, kwargs={"code": CODE})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _cells(content):
    book = workbook(content)
    return [cell for sheet in book.worksheets for row in sheet_rows(sheet) for cell in row]


def _docx_text(content):
    doc = document(content)
    texts = [p.text for p in doc.paragraphs]
    texts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_evaluator_sees_small_numbers_hidden_on_the_report_page(world, login_as):
    response = login_as(world.users["evaluator"]).get(url("reports:project_report"))
    assert response.status_code == 200
    report = response.context["report"]
    assert report["enrollments"] == "<5" and report["suppressed"]["min_cell"] == 5
    assert report["work_or_studies"]["share"] is None
    html = response.content.decode()
    assert NOTE in html and "Som utvärderare ser du alltid" in html
    assert CHOICE not in html  # no choice for evaluators
    assert 'class="figure__value">&lt;5<' in html


@pytest.mark.parametrize("name", ["reports:followup", "reports:what_works", "goals:goals"])
def test_evaluator_sees_small_numbers_hidden_on_the_other_report_pages(world, login_as, name):
    response = login_as(world.users["evaluator"]).get(url(name))
    assert response.status_code == 200
    assert response.context["report"]["enrollments"] == "<5"
    assert NOTE in response.content.decode()


def test_evaluator_gets_every_download_suppressed(world, login_as):
    client = login_as(world.users["evaluator"])
    data = json.loads(client.get(url("reports:project_report_json")).content)
    assert data["enrollments"] == "<5" and data["suppressed"]["cells"] > 0
    # Asking for raw figures changes nothing for an evaluator.
    assert (
        json.loads(client.get(url("reports:project_report_json", suppress_small=0)).content)["enrollments"]
        == "<5"
    )
    cells = _cells(client.get(url("reports:project_report_xlsx")).content)
    assert "<5" in cells
    response = client.get(url("reports:final_report_docx"))
    assert response.status_code == 200
    assert "<5" in _docx_text(response.content)


def test_evaluator_sees_no_key_figures_in_the_project_list(world, login_as):
    response = login_as(world.users["evaluator"]).get(reverse("reports:project_list"))
    assert response.context["rows"][0]["figures"] is None
    assert "Siffrorna finns på projektets rapportsida" in response.content.decode()


def test_leader_gets_raw_figures_unless_asking(world, login_as):
    client = login_as(world.users["leader"])
    page = client.get(url("reports:project_report"))
    assert page.context["report"]["enrollments"] == 2 and "suppressed" not in page.context["report"]
    html = page.content.decode()
    assert CHOICE in html and NOTE not in html
    assert json.loads(client.get(url("reports:project_report_json")).content)["enrollments"] == 2
    assert "<5" not in _cells(client.get(url("reports:project_report_xlsx")).content)

    chosen = client.get(url("reports:project_report", suppress_small=1))
    assert chosen.context["report"]["enrollments"] == "<5"
    html = chosen.content.decode()
    assert NOTE in html and "Som utvärderare" not in html
    # The JSON link and the download buttons ask for the same.
    assert "suppress_small=1" in chosen.context["json_url"]
    assert url("reports:project_report_xlsx", suppress_small=1) in html
    assert json.loads(client.get(chosen.context["json_url"]).content)["enrollments"] == "<5"
    assert "<5" in _cells(client.get(url("reports:project_report_xlsx", suppress_small=1)).content)
    assert "<5" in _docx_text(client.get(url("reports:final_report_docx", suppress_small=1)).content)


def test_followup_downloads_carry_the_choice(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.get(url("reports:followup", suppress_small=1))
    assert response.context["report"]["enrollments"] == "<5"
    assert "suppress_small=1" in response.context["json_url"]
    assert "suppress_small=1" in response.context["export_query"]
    raw = client.get(url("reports:followup"))
    assert "suppress_small" not in raw.context["export_query"]
    assert raw.context["report"]["enrollments"] != "<5"


def test_the_owners_minimum_cell_size_is_used(world, login_as):
    set_min_cell(None, world.projects[CODE].owner, min_cell=3)
    data = json.loads(login_as(world.users["evaluator"]).get(url("reports:project_report_json")).content)
    assert data["suppressed"]["min_cell"] == 3
    assert data["enrollments"] == "<3"


def test_admin_sets_the_minimum_cell_size_on_the_organisation_form(world, login_as):
    org = world.orgs["kungsbacka"]
    client = login_as(world.users["admin"])
    edit = reverse("organizations:organization_edit", args=[org.code])
    fields = {"code": org.code, "name": org.name, "kind": org.kind, "token": token_of(org)}
    response = client.post(edit, {**fields, "min_cell": "7"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.min_cell == 7
    entry = AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(org.pk)).first()
    assert entry.action == AuditAction.UPDATE and entry.changes["min_cell"] == [5, 7]
    bad = client.post(edit, {**fields, "token": token_of(org), "min_cell": "1"})
    assert bad.status_code == 200 and "min_cell" in bad.context["form"].errors
    org.refresh_from_db()
    assert org.min_cell == 7


def test_set_min_cell_refuses_a_value_out_of_range_and_non_admins(world):
    org = world.orgs["kungsbacka"]
    with pytest.raises(ActionError) as error:
        set_min_cell(world.users["admin"], org, min_cell=101)
    assert "min_cell" in error.value.message_dict
    with pytest.raises(NotAllowed):
        set_min_cell(world.users["leader"], org, min_cell=6)
    org.refresh_from_db()
    assert org.min_cell == 5
