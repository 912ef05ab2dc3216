"""Saving the grid, sign-off, reporting (lock) and unlocking, and staff time."""

import datetime
from decimal import Decimal

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.cohorts.testing import kba_cohort
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.timereports import actions
from stegvis.timereports.models import MonthReport, MonthStatus, StaffTime, TimeEntry
from stegvis.timereports.testing import MONTH, reported_month, save_hours, signed_staff_time

pytestmark = pytest.mark.django_db


def _messages(error):
    return [m for ms in error.value.message_dict.values() for m in ms]


def test_grid_save_writes_changed_cells_and_audits_per_person(world):
    cohort = kba_cohort(world)
    report = save_hours(
        world, "anna", {(f"startgrupp:{cohort.pk}", 6): "2,5", ("samtal", 7): "1", ("annat", 8): ""}
    )
    assert report.version == 1 and report.status == MonthStatus.OPEN
    assert sorted(TimeEntry.objects.values_list("day", "kind", "hours")) == [
        (datetime.date(2023, 3, 6), "startgrupp", Decimal("2.50")),
        (datetime.date(2023, 3, 7), "samtal", Decimal("1.00")),
    ]
    entry = AuditEntry.objects.get(object_type="timereports.monthreport")
    assert entry.person_id == world.persons["anna"].pk
    assert entry.changes[f"2023-03-06 startgrupp:{cohort.pk}"] == [None, "2.50"]
    # Clearing a cell removes its row; changing one updates it; the version goes up once.
    report = save_hours(world, "anna", {(f"startgrupp:{cohort.pk}", 6): "", ("samtal", 7): "3"})
    assert report.version == 2
    assert list(TimeEntry.objects.values_list("day", "hours")) == [
        (datetime.date(2023, 3, 7), Decimal("3.00"))
    ]


def test_unchanged_months_are_left_alone_and_need_no_version(world):
    report = save_hours(world, "anna", {("samtal", 6): "2"})
    count = actions.save_month_hours(
        None,
        MONTH,
        {world.enrollments["anna"].pk: actions.MonthInput(version=99, cells={("samtal", 6): "2,0"})},
    )
    assert count == 0
    report.refresh_from_db()
    assert report.version == 1


def test_a_stale_page_is_a_conflict_naming_the_participant_and_nothing_is_written(world):
    anna, bo = world.enrollments["anna"], world.enrollments["bo"]
    save_hours(world, "anna", {("samtal", 6): "2"})
    with pytest.raises(ConflictError) as error:
        actions.save_month_hours(
            None,
            MONTH,
            {
                bo.pk: actions.MonthInput(version=0, cells={("samtal", 6): "4"}),
                anna.pk: actions.MonthInput(version=0, cells={("samtal", 6): "5"}),  # saw no month yet
            },
        )
    assert "Anna Andersson" in error.value.messages[0]
    assert not MonthReport.objects.filter(enrollment=bo).exists()  # all or nothing
    assert TimeEntry.objects.get().hours == Decimal("2")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("abc", "Timmar för Anna Andersson den 2023-03-06: skriv ett tal mellan 0 och 24"),
        ("25", "Timmar för Anna Andersson den 2023-03-06: skriv ett tal mellan 0 och 24"),
        ("-1", "Timmar för Anna Andersson den 2023-03-06: skriv ett tal mellan 0 och 24"),
        ("1,255", "Timmar för Anna Andersson den 2023-03-06: skriv ett tal mellan 0 och 24"),
    ],
)
def test_bad_hours_get_a_swedish_message_at_the_cell(world, raw, expected):
    enrollment = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        actions.save_month_hours(
            None, MONTH, {enrollment.pk: actions.MonthInput(version=0, cells={("samtal", 6): raw})}
        )
    field = actions.cell_field(enrollment.pk, "samtal", 6)
    assert expected in error.value.message_dict[field][0]
    assert not MonthReport.objects.exists()


def test_days_outside_the_enrolment_and_over_24_hours_are_refused(world):
    anna = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        actions.save_month_hours(
            None,
            datetime.date(2023, 1, 1),
            {anna.pk: actions.MonthInput(version=0, cells={("samtal", 9): "2"})},  # enrolled 10 January
        )
    assert "var inte inskriven den 2023-01-09" in _messages(error)[0]
    with pytest.raises(ActionError) as error:
        actions.save_month_hours(
            None,
            MONTH,
            {anna.pk: actions.MonthInput(version=0, cells={("samtal", 6): "20", ("annat", 6): "5"})},
        )
    assert "25.00 timmar den 2023-03-06" in _messages(error)[0]


def test_an_activity_the_participant_does_not_have_is_refused(world):
    other = kba_cohort(world, members=("bo",))
    anna = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        actions.save_month_hours(
            None, MONTH, {anna.pk: actions.MonthInput(version=0, cells={(f"startgrupp:{other.pk}", 6): "2"})}
        )
    assert "okänd aktivitet" in _messages(error)[0]


def test_a_coordinator_may_not_save_another_organisations_participant(world):
    with pytest.raises(NotAllowed):
        actions.save_month_hours(
            world.users["coord_kba"],
            MONTH,
            {world.enrollments["bo"].pk: actions.MonthInput(version=0, cells={("samtal", 6): "2"})},
        )


def test_sign_off_then_edit_withdraws_it_and_only_signed_months_are_reported(world):
    coordinator = world.users["coord_kba"]
    anna = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        actions.sign_months(coordinator, MONTH, {anna.pk: 0})
    assert "har inga sparade timmar" in _messages(error)[0]
    report = save_hours(world, "anna", {("samtal", 6): "2"}, user=coordinator)
    with pytest.raises(ActionError) as error:
        actions.report_months(coordinator, MONTH, {anna.pk: report.version})
    assert "attestera tidrapporten för mars 2023 innan den rapporteras" in _messages(error)[0]
    actions.sign_months(coordinator, MONTH, {anna.pk: report.version})
    report.refresh_from_db()
    assert report.status == MonthStatus.SIGNED and report.signed_by == coordinator
    report = save_hours(world, "anna", {("samtal", 6): "3"}, user=coordinator)
    assert report.status == MonthStatus.OPEN and report.signed_by is None
    audit = AuditEntry.objects.filter(object_type="timereports.monthreport").order_by("pk").last()
    assert audit.changes["status"] == ["attesterad", "oppen"]


def test_a_reported_month_is_locked_and_only_a_leader_unlocks_it_with_a_reason(world):
    report = reported_month(world)
    anna = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        save_hours(world, "anna", {("samtal", 6): "5"}, user=world.users["coord_kba"])
    assert "är rapporterad till Försäkringskassan och låst" in _messages(error)[0]
    assert TimeEntry.objects.get().hours == Decimal("2")
    with pytest.raises(NotAllowed):
        actions.unlock_month(world.users["coord_kba"], report, version=report.version, reason="Fel dag")
    with pytest.raises(ActionError) as error:
        actions.unlock_month(world.users["leader"], report, version=report.version, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ConflictError):
        actions.unlock_month(world.users["leader"], report, version=report.version - 1, reason="Fel dag")
    actions.unlock_month(world.users["leader"], report, version=report.version, reason="Fel dag")
    report.refresh_from_db()
    assert report.status == MonthStatus.SIGNED and report.reported_at is None
    entry = AuditEntry.objects.filter(object_type="timereports.monthreport").order_by("pk").last()
    assert entry.changes == {"status": ["rapporterad", "attesterad"], "reason": [None, "Fel dag"]}
    assert entry.person_id == anna.person_id
    report = save_hours(world, "anna", {("samtal", 6): "5"})
    assert report.status == MonthStatus.OPEN


def test_parse_hours():
    assert actions.parse_hours(" 2,5 ") == Decimal("2.50")
    assert actions.parse_hours("0") is None
    assert actions.parse_hours("") is None
    for bad in ("1e2", "2,5,5", "NaN", "24,01", "½"):
        with pytest.raises(ValueError):
            actions.parse_hours(bad)


# --- Staff time ------------------------------------------------------------------------------------


def _staff_input(world, username, org, **values):
    return {(world.users[username].pk, world.orgs[org].pk): actions.StaffInput(**values)}


def test_staff_enter_their_own_time_and_managers_sign_it_off_which_locks_it(world):
    project = world.projects["helhetslyftet"]
    coordinator = world.users["coord_kba"]
    actions.save_staff_time(
        coordinator, project, MONTH, _staff_input(world, "coord_kba", "kungsbacka", version=0, percent="50")
    )
    row = StaffTime.objects.get()
    assert row.percent == Decimal("50") and row.entered_by == coordinator
    with pytest.raises(NotAllowed):  # another's time
        actions.save_staff_time(
            coordinator, project, MONTH, _staff_input(world, "coord_mdl", "molndal", version=0, percent="50")
        )
    with pytest.raises(NotAllowed):  # never one's own sign-off
        actions.sign_staff_time(coordinator, project, MONTH, {row.pk: row.version})
    actions.sign_staff_time(world.users["leader"], project, MONTH, {row.pk: row.version})
    row.refresh_from_db()
    assert row.signed and row.signed_by == world.users["leader"]
    with pytest.raises(ActionError) as error:
        actions.save_staff_time(
            coordinator,
            project,
            MONTH,
            _staff_input(world, "coord_kba", "kungsbacka", version=row.version, percent="60"),
        )
    assert "är attesterad och låst" in _messages(error)[0]
    with pytest.raises(NotAllowed):
        actions.unlock_staff_time(coordinator, row, version=row.version, reason="fel")
    actions.unlock_staff_time(world.users["leader"], row, version=row.version, reason="fel andel")
    row.refresh_from_db()
    assert not row.signed


def test_staff_time_bad_input_names_the_field(world):
    project = world.projects["helhetslyftet"]
    with pytest.raises(ActionError) as error:
        actions.save_staff_time(
            None,
            project,
            MONTH,
            _staff_input(world, "coord_kba", "kungsbacka", version=0, percent="150", hours="x"),
        )
    key = (world.users["coord_kba"].pk, world.orgs["kungsbacka"].pk)
    assert "procent mellan 0 och 100" in error.value.message_dict[actions.staff_field("percent", *key)][0]
    assert "mellan 0 och 744" in error.value.message_dict[actions.staff_field("hours", *key)][0]


def test_clearing_staff_time_removes_the_row_after_the_version_check(world):
    project = world.projects["helhetslyftet"]
    actions.save_staff_time(
        None, project, MONTH, _staff_input(world, "coord_kba", "kungsbacka", version=0, hours="80")
    )
    row = StaffTime.objects.get()
    with pytest.raises(ConflictError):
        actions.save_staff_time(
            None, project, MONTH, _staff_input(world, "coord_kba", "kungsbacka", version=5)
        )
    actions.save_staff_time(
        None, project, MONTH, _staff_input(world, "coord_kba", "kungsbacka", version=row.version)
    )
    assert not StaffTime.objects.exists()


def test_signed_staff_time_helper(world):
    row = signed_staff_time(world)
    assert (
        row.signed
        and AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="timereports.stafftime").exists()
    )


def test_the_command_exports_a_project_month(world, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from openpyxl import load_workbook

    save_hours(world, "anna", {("samtal", 6): "2"})
    out = tmp_path / "mars.xlsx"
    stdout = StringIO()
    call_command(
        "timereport", "export", "helhetslyftet", "--month", "2023-03", "--output", str(out), stdout=stdout
    )
    assert "2 deltagare" in stdout.getvalue()
    summary = load_workbook(out)["Sammanställning"]
    assert ("Anna Andersson", "Kungsbacka kommun", 2, "Ej attesterad", None) in list(
        summary.iter_rows(min_row=2, values_only=True)
    )
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, person=world.persons["anna"]).exists()
    with pytest.raises(SystemExit):
        call_command(
            "timereport",
            "export",
            "helhetslyftet",
            "--month",
            "mars",
            "--output",
            str(out),
            stderr=StringIO(),
        )
