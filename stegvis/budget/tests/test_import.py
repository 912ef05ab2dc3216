"""Importing actual costs from the finance system's CSV: all or nothing, errors by line and column."""

import datetime
from decimal import Decimal

import pytest

from stegvis.budget import actions
from stegvis.budget.models import ActualCost


@pytest.fixture
def project(world):
    return world.projects["helhetslyftet"]


def test_import_adds_lines_of_a_month_and_category(world, project):
    content = (
        "month;category;amount;note\n"
        "2023-03;personal;40 000,00;Lön koordinator\n"
        "2023-03;personal;10000;Lön projektledare\n"
        "2023-04;Resor och logi;1 250,50;\n"
    ).encode()
    result = actions.import_actual_costs(None, project, content)
    assert result.rows == 3
    assert result.months == [datetime.date(2023, 3, 1), datetime.date(2023, 4, 1)]
    march = ActualCost.objects.get(month=datetime.date(2023, 3, 1), category="personal")
    assert march.amount == Decimal("50000")
    assert march.note == "Lön koordinator; Lön projektledare"
    assert ActualCost.objects.get(category="resor").amount == Decimal("1250.50")


def test_import_again_replaces_the_month(world, project):
    actions.import_actual_costs(None, project, b"month,category,amount\n2023-03,personal,100\n")
    actions.import_actual_costs(None, project, b"month,category,amount\n2023-03,personal,300\n")
    assert ActualCost.objects.get().amount == Decimal("300")


def test_one_bad_line_imports_nothing_and_names_line_and_column(world, project):
    content = (
        "\ufeffmonth,category,amount,note\n"
        "2023-03,personal,100,\n"
        "2023-13,personal,100,\n"
        "2023-04,deltagarersattning,100,\n"
        "2023-04,resor,tio,\n"
        "2019-01,resor,5,\n"
    ).encode()
    with pytest.raises(actions.ImportFailed) as caught:
        actions.import_actual_costs(None, project, content)
    problems = {(line, column) for line, column, _m in caught.value.problems}
    assert problems == {(3, "month"), (4, "category"), (5, "amount"), (6, "month")}
    messages = caught.value.message_dict["file"]
    assert messages[0].startswith("Rad 3, kolumn month:")
    assert not ActualCost.objects.exists()


def test_missing_column_and_not_utf8(world, project):
    with pytest.raises(actions.ImportFailed) as caught:
        actions.import_actual_costs(None, project, b"month,amount\n2023-03,5\n")
    assert "category" in caught.value.message_dict["file"][0]
    with pytest.raises(actions.ImportFailed) as caught:
        actions.import_actual_costs(
            None, project, "month,category,amount\n2023-03,resor,5,Övrigt\n".encode("latin-1")
        )
    assert "UTF-8" in caught.value.message_dict["file"][0]
