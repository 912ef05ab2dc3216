"""The budget pages: figures shown, forms that save, errors at the field, a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from stegvis.budget import actions
from stegvis.budget.models import ActualCost, BudgetLine

Q1 = datetime.date(2023, 1, 1)


@pytest.fixture
def project(world):
    return world.projects["helhetslyftet"]


def _some_budget(project, months=3):
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(0, "100000")})
    for i in range(months):
        actions.save_actual_costs(
            None, project, datetime.date(2023, 1 + i, 1), {"personal": actions.AmountInput(0, "1000")}
        )


def test_overview_has_a_fixed_number_of_queries(world, project, client, django_assert_max_num_queries):
    client.force_login(world.users["evaluator"])
    url = reverse("budget:overview", args=[project.code])
    _some_budget(project, 1)
    client.get(url)  # warm caches (sessions, roles)
    with django_assert_max_num_queries(12) as few:
        response = client.get(url)
    assert response.status_code == 200
    _some_budget(project, 3)
    actions.set_rate(None, project, "deltagartimme", Q1, "100")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    body = response.content.decode()
    assert "<svg" in body and "Budget och utfall per kvartal (tabell)" in body
    assert "Ändra budgeten" not in body  # the evaluator reads only


def test_plan_saves_and_shows_errors_at_the_field(world, project, client):
    client.force_login(world.users["leader"])
    url = reverse("budget:plan", args=[project.code])
    field = actions.budget_field("personal", Q1)
    response = client.post(url, {field: "mycket", "v" + field: "0"})
    assert response.status_code == 200
    assert "Personalkostnader 2023-K1" in response.content.decode()
    assert not BudgetLine.objects.exists()
    response = client.post(url, {field: "12 000", "v" + field: "0"})
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount == 12000


def test_month_page_and_import_page(world, project, client):
    client.force_login(world.users["leader"])
    url = reverse("budget:actual_month", args=[project.code, 2023, 3])
    response = client.post(url, {"a-resor": "300", "va-resor": "0", "n-resor": "Tåg"})
    assert response.status_code == 302
    assert ActualCost.objects.get().note == "Tåg"
    assert client.get(reverse("budget:actual_month", args=[project.code, 2023, 13])).status_code == 404
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile(
        "utfall.csv", b"month,category,amount\n2023-03,resor,x\n", content_type="text/csv"
    )
    response = client.post(reverse("budget:import", args=[project.code]), {"file": bad})
    assert "Rad 2, kolumn amount" in response.content.decode()
    assert ActualCost.objects.get().amount == 300


def test_xlsx_download(world, project, client):
    _some_budget(project)
    client.force_login(world.users["leader"])
    response = client.get(reverse("budget:xlsx", args=[project.code]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
