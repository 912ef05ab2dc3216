"""The SUS list: who gets which rows, anonymous and pseudonymised rows, audit, CSV and XLSX, queries."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants import actions
from stegvis.participants.models import Enrollment
from stegvis.participants.tests.helpers import CIA_NUMBER
from stegvis.reports.external.sus import pseudonym
from stegvis.reports.tests.helpers import personnummer_for

pytestmark = pytest.mark.django_db

D = datetime.date
# Digits of the protected person's birth date, in any form a number could be written.
DORA_NUMBER = re.compile(r"(19)?750505[-+]?\d{0,4}|1975-05-05")


@pytest.fixture
def sus_world(world):
    """Helhetslyftet: anna (Kungsbacka, personnummer, left for work), bo (Mölndal, anonymous),
    dora (Kungsbacka, protected identity), erik (Mölndal, personnummer); all with SUS consent."""
    project = world.projects["helhetslyftet"]
    anna = world.enrollments["anna"]
    actions.update_enrollment(
        None,
        anna,
        version=anna.version,
        income_source_start="forsorjningsstod",
        occupation_start="arbetssokande",
        unemployed_months_start=20,
        work_extent_start=None,
    )
    anna.refresh_from_db()
    actions.register_exit(
        None,
        anna,
        version=anna.version,
        end_date=D(2024, 2, 29),
        exit_reason="arbete",
        income_source_exit="lon",
        occupation_exit="arbete",
        work_extent_exit=75,
    )
    dora = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        personnummer=personnummer_for(D(1975, 5, 5)),
        protected_identity=True,
        first_name="Dora",
        last_name="Dolt",
        gender="K",
    )
    actions.enroll_participant(
        None,
        dora,
        project=project,
        organization=world.orgs["kungsbacka"],
        start_date=D(2023, 3, 1),
        referrer="fk",
        occupation_start="ingen",
    )
    erik = actions.register_person(
        None,
        organization=world.orgs["molndal"],
        personnummer=personnummer_for(D(1980, 1, 1), "456"),
        first_name="Erik",
        last_name="Ek",
        gender="M",
    )
    actions.enroll_participant(
        None,
        erik,
        project=project,
        organization=world.orgs["molndal"],
        start_date=D(2023, 4, 1),
        referrer="af",
        occupation_start="arbete",
        work_extent_start=25,
    )
    world.persons.update(dora=dora, erik=erik)
    # SUS names only those who consented to SUS reporting: everyone here did, from their start.
    # (Bo has no personnummer and Dora a protected identity: anonymous whatever they consented to.)
    from stegvis.consent.testing import give_sus_consent

    give_sus_consent(*Enrollment.objects.filter(project=project))
    return world


def url(name, **query):
    path = reverse(f"reports:{name}", kwargs={"code": "helhetslyftet"})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_leader_gets_identified_rows_and_anonymous_rows(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    rows = csv_rows(client.get(url("sus_list_csv", on="2024-06-30")))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Deltagare", "Personnummer", "Kön", "Födelseår", "Ålder vid start"]
    by_name = {row[0]: row for row in body}
    anna = by_name["Anna Andersson"]
    assert anna[1] == "19850101-0204" and anna[2] == "Kvinna" and anna[3] == "1985" and anna[4] == "38"
    assert anna[5:8] == ["2023-01-10", "2024-02-29", "Arbete"]
    assert anna[8:] == [
        "Försörjningsstöd",
        "Arbetssökande",
        "",
        "Lön/egen försörjning",
        "Arbete",
        "75",
        "Arbetsförmedlingen",
    ]
    anonymous = [row for row in body if row[0] == "Anonym"]
    assert len(anonymous) == 2  # bo (no personnummer) and dora (protected identity)
    for row in anonymous:
        assert row[1] == "" and row[5] and all(value == "" for value in row[7:])  # dates and age only
    text = "\n".join(";".join(r) for r in rows)
    assert "Dora" not in text and "Bo" not in text and not DORA_NUMBER.search(text)


def test_coordinator_sees_only_own_organisations_rows(sus_world, login_as):
    client = login_as(sus_world.users["coord_mdl"])
    body = csv_rows(client.get(url("sus_list_csv")))[1:]
    assert sorted(row[0] for row in body) == ["Anonym", "Erik Ek"]  # bo and erik, both Mölndal's
    html = client.get(url("sus_list")).content.decode()
    assert "Erik Ek" in html and "Anna" not in html
    number = sus_world.persons["erik"].personnummer
    assert "19800101-****" in html and f"{number[:8]}-{number[8:]}" not in html and number not in html
    assert f"{number[:8]}-{number[8:]}" in [row[1] for row in body]  # masked on screen, full in the file


def test_evaluator_gets_pseudonymised_stable_rows(sus_world, login_as):
    client = login_as(sus_world.users["evaluator"])
    project = sus_world.projects["helhetslyftet"]
    first = csv_rows(client.get(url("sus_list_csv")))
    second = csv_rows(client.get(url("sus_list_csv", on="2024-06-30")))
    assert first[0][:4] == ["Pseudonym", "Kön", "Födelseår", "Ålder vid start"]
    assert "Personnummer" not in first[0]
    text = "\n".join(";".join(r) for r in first)
    for secret in ("Anna", "Andersson", "Erik", "19850101", "850101", "19800101", "1985-01-01"):
        assert secret not in text
    anna_pseudonym = pseudonym(sus_world.persons["anna"].pk, project.pk)
    assert re.fullmatch(r"P-[0-9A-F]{12}", anna_pseudonym)
    assert anna_pseudonym in [row[0] for row in first] and anna_pseudonym in [row[0] for row in second]
    anna_row = next(row for row in first if row[0] == anna_pseudonym)
    assert anna_row[2] == "1985" and anna_row[6] == "Arbete"  # birth year and statuses kept
    # Another project gives the same person another pseudonym, so lists cannot be joined.
    assert pseudonym(sus_world.persons["anna"].pk, sus_world.projects["spik"].pk) != anna_pseudonym
    html = client.get(url("sus_list")).content.decode()
    assert anna_pseudonym in html and "pseudonymiserad" in html and "Anna" not in html


def test_staff_may_ask_for_the_pseudonymised_list(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    rows = csv_rows(client.get(url("sus_list_csv", pseudonym="1")))
    assert rows[0][0] == "Pseudonym" and "Anna Andersson" not in {r[0] for r in rows}
    html = client.get(url("sus_list")).content.decode()
    assert "sus-lista.csv" in html and "?pseudonym=1" in html  # the link to the pseudonymised view


def test_the_list_stands_on_its_date(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    rows = csv_rows(client.get(url("sus_list_csv", on="2024-01-31")))
    anna = next(row for row in rows if row[0] == "Anna Andersson")
    assert anna[6] == "" and anna[7] == "" and anna[11] == ""  # the exit on 2024-02-29 has not happened yet
    rows = csv_rows(client.get(url("sus_list_csv", on="2023-03-15")))
    assert {row[0] for row in rows[1:]} == {"Anna Andersson", "Anonym"}  # erik starts 2023-04-01


def test_one_organisations_enrolments(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    response = client.get(url("sus_list_csv", organization="molndal"))
    assert sorted(row[0] for row in csv_rows(response)[1:]) == ["Anonym", "Erik Ek"]
    assert response["Content-Disposition"].startswith('attachment; filename="sus-helhetslyftet-molndal-')
    html = client.get(url("sus_list", organization="vaxjo")).content.decode()
    assert "Välj en av projektets organisationer." in html


def test_views_and_downloads_are_audited(sus_world, login_as):
    client = login_as(sus_world.users["coord_mdl"])
    client.get(url("sus_list"))
    viewed = AuditEntry.objects.filter(action=AuditAction.VIEW, user=sus_world.users["coord_mdl"])
    assert viewed.filter(object_type="organizations.project").count() == 1
    assert set(viewed.filter(object_type="participants.enrollment").values_list("person_id", flat=True)) == {
        sus_world.persons["bo"].pk,
        sus_world.persons["erik"].pk,
    }
    client.get(url("sus_list_xlsx"))
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=sus_world.users["coord_mdl"])
    assert exported.filter(object_type="participants.enrollment").count() == 2
    summary = exported.get(object_type="organizations.project")
    assert summary.detail.startswith("webb: SUS-lista xlsx (med identitet, 2 rader)")
    # every per-row entry names the address, like the summary
    assert set(exported.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert set(viewed.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_xlsx_has_numbers_and_dates_as_cells(sus_world, login_as):
    response = login_as(sus_world.users["leader"]).get(url("sus_list_xlsx", on="2024-06-30"))
    assert response["Content-Disposition"] == 'attachment; filename="sus-helhetslyftet-2024-06-30.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book[book.sheetnames[1]]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Deltagare", "Personnummer", "Kön"]
    anna = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Anna Andersson")
    assert anna[3] == 1985 and anna[4] == 38 and anna[13] == 75
    assert isinstance(anna[5], datetime.datetime) and anna[5].date() == D(2023, 1, 10)


def test_bad_dates(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    response = client.get(url("sus_list", on="2024-02-30"))
    assert response.status_code == 200 and "Ange ett giltigt datum" in response.content.decode()
    response = client.get(url("sus_list_csv", **{"from": "2024-05-01", "to": "2024-01-01"}))
    assert response.status_code == 400 and "Till och med" in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_sorting_never_reveals_a_hidden_name(sus_world, login_as):
    client = login_as(sus_world.users["leader"])
    html = client.get(url("sus_list", sort="participant")).content.decode()
    order = re.findall(r'<th scope="row" >([^<]+)</th>', html)
    assert order[:2] == ["Anonym", "Anonym"]  # not where "Bo" or "Dora" would sort
    html = client.get(url("sus_list", sort="-age")).content.decode()
    assert 'aria-sort="descending"' in html
    assert "sort=exit_reason" not in html  # not sortable: anonymous rows hide it


def test_page_queries_do_not_grow_with_rows(sus_world, login_as, django_assert_max_num_queries):
    from stegvis.participants.tests.helpers import add_enrolled_persons

    client = login_as(sus_world.users["leader"])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url("sus_list")).status_code == 200
    add_enrolled_persons(sus_world, 30)
    with django_assert_max_num_queries(len(before)):
        response = client.get(url("sus_list"))
    assert response.status_code == 200 and "34 inskrivningar" in response.content.decode()
    with CaptureQueriesContext(connection) as download:
        client.get(url("sus_list_csv"))
    assert len(download) <= len(before)


def test_command_writes_the_list_and_audits_it(sus_world, tmp_path, capsys):
    out = tmp_path / "sus.csv"
    call_command("sus", "helhetslyftet", "--output", str(out), "--on", "2024-06-30", "--pseudonymise")
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("\ufeffPseudonym;") and "Anna" not in text
    assert pseudonym(sus_world.persons["anna"].pk, sus_world.projects["helhetslyftet"].pk) in text
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.EXPORT, user=None, detail__startswith="kommandorad"
        ).count()
        == 5
    )
    xlsx = tmp_path / "sus.xlsx"
    call_command("sus", "helhetslyftet", "-o", str(xlsx))
    assert load_workbook(xlsx).sheetnames[1] == "SUS-lista"
    assert not CIA_NUMBER.search(out.read_text(encoding="utf-8"))


def test_command_errors_are_swedish(sus_world, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("sus", "finnsinte", "--output", str(tmp_path / "x.csv"))
    assert (
        exit_info.value.code == 2
        and "Det finns inget projekt med koden 'finnsinte'" in capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        call_command("sus", "helhetslyftet", "--output", str(tmp_path / "x.csv"), "--on", "31/12/2024")
    assert "--on" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("sus", "helhetslyftet", "--output", str(tmp_path / "x.csv"), "--organization", "vaxjo")
    assert "--organization: Välj en av projektets organisationer." in capsys.readouterr().err
    with pytest.raises(SystemExit):
        call_command("sus", "helhetslyftet", "--output", str(tmp_path / "nej" / "x.csv"))
    assert "finns inte" in capsys.readouterr().err
