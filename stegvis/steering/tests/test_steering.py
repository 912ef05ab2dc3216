"""Steering-group reports: created per period, figures against the previous report, finalised and kept."""

import datetime

import pytest
from django.urls import reverse

from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.participants import actions as participants
from stegvis.reports.exports.tests.helpers import document
from stegvis.steering import actions, figures
from stegvis.steering.forms import last_whole_quarter
from stegvis.steering.models import SteeringReport

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_default_period_is_the_last_whole_quarter():
    assert last_whole_quarter(D(2024, 5, 10)) == (D(2024, 1, 1), D(2024, 3, 31))
    assert last_whole_quarter(D(2024, 1, 2)) == (D(2023, 10, 1), D(2023, 12, 31))


def test_figures_come_from_the_project_report_and_compare_with_the_last_finalised(world):
    project = world.projects["helhetslyftet"]
    first = actions.create_report(None, project, period_from=D(2023, 1, 1), period_to=D(2023, 3, 31))
    kept = actions.finalise(None, first, version=first.version).figures
    assert kept["enrollments"] >= 1 and "goals" in kept
    # Something happens next quarter: an exit.
    anna = world.enrollments["anna"]
    participants.register_exit(
        None, anna, version=anna.version, end_date=D(2023, 5, 15), exit_reason="arbete"
    )
    second = actions.create_report(None, project, period_from=D(2023, 4, 1), period_to=D(2023, 6, 30))
    current = figures.current_figures(second)
    assert current["exited_in_period"] == 1 and current["work_or_studies"] == 1
    rows = {
        label: (before, now, change) for label, before, now, change, _s in figures.comparison(current, kept)
    }
    assert rows["Avslutade under perioden"] == (kept["exited_in_period"], 1, 1 - kept["exited_in_period"])
    assert figures.previous_report(second) == first
    # A finalised report keeps its figures, whatever happens to the records later.
    first.refresh_from_db()
    assert figures.current_figures(first) == kept


def test_bad_periods_and_a_second_report_for_a_period_are_refused(world):
    project = world.projects["helhetslyftet"]
    with pytest.raises(ActionError) as error:
        actions.create_report(None, project, period_from=D(2024, 3, 1), period_to=D(2024, 1, 1))
    assert "period_to" in error.value.message_dict
    actions.create_report(None, project, period_from=D(2024, 1, 1), period_to=D(2024, 3, 31))
    with pytest.raises(ActionError, match="redan en rapport"):
        actions.create_report(None, project, period_from=D(2024, 1, 1), period_to=D(2024, 3, 31))
    with pytest.raises(NotAllowed):
        actions.create_report(
            world.users["coord_kba"], project, period_from=D(2022, 1, 1), period_to=D(2022, 3, 31)
        )


def test_texts_are_versioned_and_locked_once_finalised(world):
    report = actions.create_report(
        None, world.projects["helhetslyftet"], period_from=D(2024, 1, 1), period_to=D(2024, 3, 31)
    )
    version = report.version
    actions.save_texts(None, report, version=version, summary="Bra kvartal.")
    with pytest.raises(ConflictError):
        actions.save_texts(None, report, version=version, summary="Gammal sida.")
    actions.finalise(None, report, version=report.version)
    with pytest.raises(ActionError, match="fastställd"):
        actions.save_texts(None, report, version=report.version, summary="Ändrad")


def test_the_leader_works_through_the_pages_and_downloads_the_word_file(world, login_as):
    project = world.projects["helhetslyftet"]
    client = login_as(world.users["leader"])
    response = client.post(
        reverse("steering:list", args=[project.code]),
        {"period_from": "2023-01-01", "period_to": "2023-03-31"},
    )
    report = SteeringReport.objects.get(project=project)
    assert response.status_code == 302 and response["Location"].endswith(f"/styrgrupp/{report.pk}/")
    url = reverse("steering:detail", args=[project.code, report.pk])
    page = client.get(url).content.decode()
    assert "Nyckeltal mot förra rapporten" in page and "Ingen tidigare fastställd rapport" in page
    saved = client.post(
        url, {"summary": "Vi når målgruppen.", "deviations": "", "questions": "", "version": report.version}
    )
    assert saved.status_code == 302
    doc = document(client.get(reverse("steering:docx", args=[project.code, report.pk])).content)
    texts = [p.text for p in doc.paragraphs]
    assert "Vi når målgruppen." in texts and "Helhetslyftet" in texts
    report.refresh_from_db()
    finalised = client.post(
        url, {"form": "finalise", "version": report.version, "summary": "", "deviations": "", "questions": ""}
    )
    assert finalised.status_code == 302
    report.refresh_from_db()
    assert report.finalised and report.summary == "Vi når målgruppen."
    assert client.get(reverse("steering:list", args=[project.code])).status_code == 200


def test_parts_other_apps_register_are_on_the_page_and_in_the_word_file(world, login_as, monkeypatch):
    from stegvis.core.registry import Registry
    from stegvis.reports.tables import Table
    from stegvis.steering import parts

    monkeypatch.setattr(parts, "_parts", Registry("steering-group report part"))
    parts.register_steering_part(
        "budget",
        heading="Budget mot utfall",
        tables=lambda project, start, end: [
            Table(
                "budget",
                f"Budget {start}–{end}",
                ["Kostnadsslag", "Budget", "Utfall"],
                [["Personal", 100, 90]],
            )
        ],
    )
    project = world.projects["helhetslyftet"]
    report = actions.create_report(None, project, period_from=D(2023, 1, 1), period_to=D(2023, 3, 31))
    client = login_as(world.users["leader"])
    page = client.get(reverse("steering:detail", args=[project.code, report.pk])).content.decode()
    assert "Budget mot utfall" in page and "Budget 2023-01-01–2023-03-31" in page
    doc = document(client.get(reverse("steering:docx", args=[project.code, report.pk])).content)
    assert "Budget mot utfall" in [p.text for p in doc.paragraphs]
    assert any(cell.text == "Personal" for table in doc.tables for row in table.rows for cell in row.cells)
