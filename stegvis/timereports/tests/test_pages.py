"""Pages of time reports: the grid (save, errors, prefill, locks), query counts, audit and exports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.cohorts import actions as cohort_actions
from stegvis.cohorts.testing import kba_cohort, more_members
from stegvis.timereports import actions
from stegvis.timereports.models import MonthReport, MonthStatus, TimeEntry
from stegvis.timereports.testing import MONTH, reported_month, save_hours, signed_staff_time

pytestmark = pytest.mark.django_db


def _grid_url(cohort):
    return reverse("timereports:cohort_grid", args=[cohort.pk, MONTH])


def _more_members(world, cohort, n, org="kungsbacka", first_name="Extra"):
    """New members, each with an hour saved in the month."""
    for enrollment in more_members(world, cohort, n, org, first_name):
        actions.save_month_hours(
            None, MONTH, {enrollment.pk: actions.MonthInput(version=0, cells={("samtal", 8): "1"})}
        )


def test_the_grid_saves_in_one_action_and_keeps_input_on_errors(world, login_as):
    cohort = kba_cohort(world)
    anna = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    page = client.get(_grid_url(cohort))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Anna Andersson" in html and "Bo Berg" not in html  # bo is Mölndal's
    key = f"startgrupp:{cohort.pk}"
    cell = actions.cell_field(anna.pk, key, 6)
    response = client.post(_grid_url(cohort), {f"v-{anna.pk}": "0", cell: "2,5"})
    assert response.status_code == 302
    assert TimeEntry.objects.get().hours == Decimal("2.5")
    bad = client.post(_grid_url(cohort), {f"v-{anna.pk}": "1", cell: "tre"})
    assert bad.status_code == 200
    html = bad.content.decode()
    assert "Timmar för Anna Andersson den 2023-03-06: skriv ett tal mellan 0 och 24" in html
    assert 'value="tre"' in html and 'aria-invalid="true"' in html
    stale = client.post(_grid_url(cohort), {f"v-{anna.pk}": "0", cell: "4"})
    assert "Någon annan har ändrat tidrapporten för Anna Andersson" in stale.content.decode()
    assert TimeEntry.objects.get().hours == Decimal("2.5")


def test_a_locked_month_has_no_inputs_and_posted_cells_are_ignored(world, login_as):
    cohort = kba_cohort(world)
    reported_month(world)
    anna = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    html = client.get(_grid_url(cohort)).content.decode()
    assert f'name="v-{anna.pk}"' not in html and "Låst" in html
    cell = actions.cell_field(anna.pk, "samtal", 6)
    client.post(_grid_url(cohort), {f"v-{anna.pk}": "3", cell: "9"})
    assert TimeEntry.objects.get().hours == Decimal("2")


def test_prefill_from_attendance_fills_empty_cells_without_saving(world, login_as):
    cohort = kba_cohort(world, sessions=2)
    anna_member = cohort.members.get(enrollment=world.enrollments["anna"])
    first, second = cohort.sessions.order_by("date")
    cohort_actions.update_session(None, first, version=first.version, end_time=datetime.time(12, 0))
    first.refresh_from_db()
    cohort_actions.register_attendance(
        None, first, version=first.version, statuses={anna_member.pk: "narvarande"}
    )
    cohort_actions.register_attendance(
        None, second, version=second.version, statuses={anna_member.pk: "narvarande"}
    )
    response = login_as(world.users["coord_kba"]).get(_grid_url(cohort) + "?fran_narvaro=1")
    html = response.content.decode()
    cell = actions.cell_field(world.enrollments["anna"].pk, f"startgrupp:{cohort.pk}", first.date.day)
    assert f'name="{cell}" value="2,5"' in html  # 09:30-12:00
    assert "1 ruta är förifylld" in html and "1 träff saknar start- eller sluttid" in html
    assert not TimeEntry.objects.exists()


def test_grid_page_queries_do_not_grow_and_reads_are_audited(world, login_as, django_assert_max_num_queries):
    cohort = kba_cohort(world)
    client = login_as(world.users["leader"])
    client.get(_grid_url(cohort))
    with django_assert_max_num_queries(20) as few:
        client.get(_grid_url(cohort))
    _more_members(world, cohort, 4)
    _more_members(world, cohort, 2, org="molndal", first_name="Mer")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_grid_url(cohort))
    assert len(response.context["blocks"]) == 8
    reads = AuditEntry.objects.filter(action=AuditAction.VIEW, user=world.users["leader"]).order_by("-pk")[:8]
    assert len({e.person_id for e in reads}) == 8


def test_project_month_signs_and_reports_many_at_once(world, login_as, django_assert_max_num_queries):
    anna = world.enrollments["anna"]
    report = save_hours(world, "anna", {("samtal", 6): "2"})
    client = login_as(world.users["coord_kba"])
    url = reverse("timereports:project_month", args=["helhetslyftet", MONTH])
    response = client.post(url, {"do": "report", "e": [anna.pk], f"v-{anna.pk}": report.version})
    assert "attestera tidrapporten för mars 2023 innan den rapporteras" in response.content.decode()
    response = client.post(url, {"do": "sign", "e": [anna.pk], f"v-{anna.pk}": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MonthStatus.SIGNED
    client.post(url, {"do": "report", "e": [anna.pk], f"v-{anna.pk}": report.version})
    report.refresh_from_db()
    assert report.status == MonthStatus.REPORTED
    # Another organisation's participant cannot be chosen.
    response = client.post(
        url, {"do": "sign", "e": [world.enrollments["bo"].pk], f"v-{world.enrollments['bo'].pk}": 0}
    )
    assert "behörighet" in response.content.decode()
    with django_assert_max_num_queries(22):
        page = client.get(url)
    assert [pm.enrollment for pm in page.context["months"]] == [anna]


def test_participant_month_is_printable_and_the_leader_unlocks_it(world, login_as):
    reported_month(world)
    anna = world.enrollments["anna"]
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("timereports:participant_month", args=[anna.pk, MONTH]))
        .content.decode()
    )
    assert "Rapporterad till Försäkringskassan" in html and "Deltagarens underskrift" in html
    assert reverse("timereports:participant_unlock", args=[anna.pk, MONTH]) not in html
    client = login_as(world.users["leader"])
    url = reverse("timereports:participant_unlock", args=[anna.pk, MONTH])
    report = MonthReport.objects.get()
    response = client.post(url, {"version": report.version, "reason": ""})
    assert "Skriv varför månaden låses upp" in response.content.decode()
    response = client.post(url, {"version": report.version, "reason": "Fel datum"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == MonthStatus.SIGNED


def test_participant_section_lists_months(world, login_as):
    save_hours(world, "anna", {("samtal", 6): "2", ("annat", 7): "1"})
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert 'id="tidrapporter"' in html and "2023-03" in html and ">3<" in html


def test_exports_are_spreadsheets_with_neutralised_names_and_audited(
    world, login_as, django_assert_max_num_queries
):
    person = world.persons["anna"]
    person.first_name = "=HYPERLINK(1)"
    person.save()
    save_hours(world, "anna", {("samtal", 6): "2"})
    client = login_as(world.users["leader"])
    response = client.get(
        reverse("timereports:participant_month_xlsx", args=[world.enrollments["anna"].pk, MONTH])
    )
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for row in book["Timmar per dag"].iter_rows() for c in row if c.value]
    name_cell = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert name_cell.data_type == "s"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, person=person).exists()
    url = reverse("timereports:project_month_xlsx", args=["helhetslyftet", MONTH])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    save_hours(world, "bo", {("samtal", 6): "3", ("annat", 9): "1"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    summary = load_workbook(io.BytesIO(response.content))["Sammanställning"]
    totals = {row[0]: row[2] for row in summary.iter_rows(min_row=2, values_only=True)}
    assert totals == {"Bo Berg": 4, "=HYPERLINK(1) Andersson": 2}


def test_staff_page_and_summary(world, login_as):
    signed_staff_time(world, percent="50")
    client = login_as(world.users["coord_kba"])
    url = reverse("timereports:staff_month", args=["helhetslyftet", datetime.date(2023, 4, 1)])
    page = client.get(url)
    assert [r["member"].user for r in page.context["rows"]] == [world.users["coord_kba"]]
    key = (world.users["coord_kba"].pk, world.orgs["kungsbacka"].pk)
    response = client.post(
        url, {"do": "save", actions.staff_field("percent", *key): "abc", f"v-{key[0]}-{key[1]}": "0"}
    )
    assert "Andel av heltid för Coord_Kba: skriv procent mellan 0 och 100." in response.content.decode()
    response = client.post(
        url, {"do": "save", actions.staff_field("percent", *key): "40", f"v-{key[0]}-{key[1]}": "0"}
    )
    assert response.status_code == 302
    leader = login_as(world.users["leader"])
    summary = leader.get(
        reverse("timereports:summary", args=["helhetslyftet"]) + "?fran=2023-03&till=2023-04"
    )
    assert [(r["organization"], r["full_time_equivalents"]) for r in summary.context["staff"]] == [
        ("kungsbacka", Decimal("0.50"))
    ]
    response = leader.get(
        reverse("timereports:summary_xlsx", args=["helhetslyftet"]) + "?fran=2023-03&till=2023-04"
    )
    rows = list(
        load_workbook(io.BytesIO(response.content))["Personaltid"].iter_rows(
            min_row=2, max_row=2, values_only=True
        )
    )
    assert rows == [("2023-03", "Kungsbacka kommun", 0.5, 0, 1)]


def test_the_register_extract_holds_the_months(world):
    from stegvis.privacy.extract.collect import collect

    save_hours(world, "anna", {("samtal", 6): "2", ("annat", 7): "1,5"})
    extract = collect(world.persons["anna"], "KBA-1", "Admin")
    section = next(s for s in extract["sections"] if s["key"] == "time_reports")
    assert "3.5" in str(section) and "2023-03" in str(section)
