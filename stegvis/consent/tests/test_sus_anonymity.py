"""Without SUS consent in force on the list's date, an enrolment is an anonymous row in the SUS list.

Checked in every form the list takes: the page, the CSV, the XLSX and ``stegvis sus``.
"""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.consent import actions
from stegvis.consent.testing import give

pytestmark = pytest.mark.django_db

D = datetime.date
ANNA_NUMBER = "19850101-0204"


def url(name, **query):
    path = reverse(f"reports:{name}", kwargs={"code": "helhetslyftet"})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_text(client, on):
    return client.get(url("sus_list_csv", on=on.isoformat())).content.decode("utf-8")


def anna_row(client, on):
    """anna's row in the CSV of ``on``: the one starting 2023-01-10 (her start)."""
    rows = list(csv.reader(io.StringIO(csv_text(client, on)[1:]), delimiter=";"))
    return next(row for row in rows[1:] if row[5] == "2023-01-10")


def is_anonymous(client, on):
    row = anna_row(client, on)
    return row[0] == "Anonym" and row[1] == ""


def test_without_any_consent_anna_is_anonymous_everywhere(world, login_as, tmp_path):
    client = login_as(world.users["leader"])
    on = D(2024, 6, 30)
    assert is_anonymous(client, on)
    text = csv_text(client, on)
    assert "Anna" not in text and ANNA_NUMBER not in text
    html = client.get(url("sus_list", on=on.isoformat())).content.decode()
    assert "Anna" not in html and "19850101" not in html and "Anonym" in html
    book = load_workbook(io.BytesIO(client.get(url("sus_list_xlsx", on=on.isoformat())).content))
    cells = [str(c) for row in book[book.sheetnames[1]].iter_rows(values_only=True) for c in row]
    assert "Anonym" in cells and not any("Anna" in c or "19850101" in c for c in cells)
    out = tmp_path / "sus.csv"
    call_command("sus", "helhetslyftet", "--output", str(out), "--on", on.isoformat())
    command_text = out.read_text(encoding="utf-8-sig")
    assert "Anonym" in command_text and "Anna" not in command_text and ANNA_NUMBER not in command_text


def test_registration_consent_alone_is_not_enough(world, login_as):
    give(world.enrollments["anna"], "registrering")
    give(world.enrollments["anna"], "kontakt", actor_organization=world.orgs["af"])
    assert is_anonymous(login_as(world.users["leader"]), D(2024, 6, 30))


def test_sus_consent_names_her_from_the_day_it_was_given(world, login_as, tmp_path):
    give(world.enrollments["anna"], "sus", given_on=D(2023, 5, 1))
    client = login_as(world.users["leader"])
    assert is_anonymous(client, D(2023, 4, 30))
    row = anna_row(client, D(2023, 5, 1))
    assert row[0] == "Anna Andersson" and row[1] == ANNA_NUMBER
    out = tmp_path / "sus.xlsx"
    call_command("sus", "helhetslyftet", "-o", str(out), "--on", "2024-06-30")
    sheet = load_workbook(out)["SUS-lista"]
    assert "Anna Andersson" in [row[0] for row in sheet.iter_rows(values_only=True)]


def test_after_withdrawal_she_is_anonymous_from_that_day_in_page_csv_xlsx_and_command(
    world, login_as, tmp_path
):
    consent = give(world.enrollments["anna"], "sus")
    actions.withdraw_consent(None, consent, version=consent.version, withdrawn_on=D(2024, 3, 1))
    client = login_as(world.users["leader"])
    assert not is_anonymous(client, D(2024, 2, 29))
    assert is_anonymous(client, D(2024, 3, 1))  # withdrawn on the list's date: anonymous already
    html = client.get(url("sus_list", on="2024-03-01")).content.decode()
    assert "Anna" not in html and "Anonym" in html
    book = load_workbook(io.BytesIO(client.get(url("sus_list_xlsx", on="2024-03-01")).content))
    names = [row[0] for row in book[book.sheetnames[1]].iter_rows(min_row=2, values_only=True)]
    assert "Anna Andersson" not in names and "Anonym" in names
    out = tmp_path / "sus.csv"
    call_command("sus", "helhetslyftet", "--output", str(out), "--on", "2024-03-01")
    assert "Anna" not in out.read_text(encoding="utf-8-sig")
    call_command("sus", "helhetslyftet", "--output", str(out), "--on", "2024-02-29")
    assert "Anna Andersson" in out.read_text(encoding="utf-8-sig")
    # Given again later: named again from that day.
    give(world.enrollments["anna"], "sus", given_on=D(2024, 4, 1))
    assert is_anonymous(client, D(2024, 3, 31)) and not is_anonymous(client, D(2024, 4, 1))


def test_evaluator_sees_no_pseudonym_for_someone_without_consent(world, login_as):
    from stegvis.reports.external.sus import pseudonym

    client = login_as(world.users["evaluator"])
    anna_pseudonym = pseudonym(world.persons["anna"].pk, world.projects["helhetslyftet"].pk)
    assert anna_pseudonym not in csv_text(client, D(2024, 6, 30))
    give(world.enrollments["anna"], "sus")
    assert anna_pseudonym in csv_text(client, D(2024, 6, 30))
