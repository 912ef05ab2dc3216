"""The AMIF figures: integration support per kind and gender, whether it helped, and where they show."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.interventions import actions as interventions
from stegvis.interventions.models import Category, IntegrationSupport, Kind
from stegvis.interventions.testing import catalogue_entry
from stegvis.reports.external.amif import amif_figures
from stegvis.reports.project_report import build_report
from stegvis.reports.section_report import section_report
from stegvis.reports.suppression import suppress
from stegvis.surveys import actions as surveys
from stegvis.surveys.models import Mode

pytestmark = pytest.mark.django_db

ON = datetime.date(2024, 6, 30)


def _entry(world, name, kind, integration_support=""):
    return catalogue_entry(
        world,
        name=name,
        category=Category.KOMPETENSHOJANDE,
        kind=kind,
        integration_support=integration_support,
    )


def _takes_part(world, who, entry, start, end=None):
    interventions.add_participant_intervention(
        None, world.enrollments[who], intervention=entry, start_date=start, end_date=end
    )


@pytest.fixture
def support(world):
    sfi = _entry(world, "SFI", Kind.SFI)
    civic = _entry(world, "Samhällsorientering", Kind.SAMHALLSORIENTERING)
    swedish_at_work = _entry(world, "Svenska på jobbet", Kind.KURS, IntegrationSupport.LANGUAGE_COURSE)
    mentor = _entry(world, "Mentor", Kind.VAGLEDNING, IntegrationSupport.OTHER)
    _entry(world, "Praktik", Kind.PRAKTIK)
    _takes_part(world, "anna", sfi, datetime.date(2023, 2, 1), datetime.date(2023, 12, 20))
    _takes_part(world, "anna", civic, datetime.date(2024, 1, 10))  # ongoing
    _takes_part(world, "bo", swedish_at_work, datetime.date(2023, 3, 1), datetime.date(2023, 6, 1))
    _takes_part(world, "bo", mentor, datetime.date(2024, 2, 1), datetime.date(2024, 4, 1))
    return world


def test_participants_per_kind_of_support_add_up_by_gender(support):
    amif = build_report(support.projects["helhetslyftet"], on=ON)["amif"]
    people = amif["participants"]
    assert people["language_course"] == {"K": 1, "M": 1, "X": 0, "total": 2}
    assert people["civic_orientation"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert people["other_integration_support"] == {"K": 0, "M": 1, "X": 0, "total": 1}
    assert people["any_integration_support"] == {"K": 1, "M": 1, "X": 0, "total": 2}
    for cells in people.values():
        assert cells["total"] == cells["K"] + cells["M"] + cells["X"]


def test_only_participations_overlapping_the_window_count(support):
    report = build_report(support.projects["helhetslyftet"], on=ON, date_from=datetime.date(2024, 1, 1))
    people = report["amif"]["participants"]
    assert people["language_course"]["total"] == 0  # both ended in 2023
    assert people["civic_orientation"]["total"] == 1 and people["other_integration_support"]["total"] == 1
    before = build_report(support.projects["helhetslyftet"], on=datetime.date(2023, 12, 31))
    assert before["amif"]["participants"]["civic_orientation"]["total"] == 0  # not started yet


def test_an_entry_of_its_own_mark_is_in_one_area_only(world):
    marked_sfi = _entry(world, "SFI med mentor", Kind.SFI, IntegrationSupport.OTHER)
    _takes_part(world, "anna", marked_sfi, datetime.date(2023, 2, 1))
    people = build_report(world.projects["helhetslyftet"], on=ON)["amif"]["participants"]
    assert people["language_course"]["total"] == 0 and people["other_integration_support"]["total"] == 1


def _answer(world, who, value, mode):
    project = world.projects["helhetslyftet"]
    current = surveys.settings_for(project)
    surveys.save_project_settings(
        None,
        project,
        version=current.version,
        exit_survey=None,
        mode=mode,
        send_at_exit=False,
        later_days=None,
    )
    link, _raw = surveys.create_link(None, world.enrollments[who], language="sv")
    surveys.submit_response(link, values={"integration": value, "mer-redo": 5})


def test_the_share_who_say_the_support_helped_by_gender(world):
    _answer(world, "anna", 5, Mode.NAMED)
    _answer(world, "bo", 2, Mode.NAMED)
    _answer(world, "anna", 4, Mode.ANONYMOUS)  # no gender: counted as X
    helped = build_report(world.projects["helhetslyftet"])["amif"]["support_helped"]
    assert helped["K"]["answered"] == 1 and helped["K"]["agreeing"] == 1 and float(helped["K"]["share"]) == 1
    assert (helped["M"]["answered"], helped["M"]["agreeing"], helped["M"]["share"]) == (1, 0, 0)
    assert (helped["X"]["answered"], helped["X"]["agreeing"]) == (1, 1)
    assert (helped["total"]["answered"], helped["total"]["agreeing"]) == (3, 2)
    assert float(helped["total"]["share"]) == 0.6667


def test_small_numbers_are_hidden_and_the_sums_keep_them_hidden(support):
    _answer(support, "anna", 5, Mode.NAMED)
    amif = suppress(build_report(support.projects["helhetslyftet"], on=datetime.date.today()), 5)["amif"]
    assert amif["participants"]["language_course"] == {"K": "<5", "M": "<5", "X": 0, "total": "<5"}
    assert amif["support_helped"]["K"]["share"] is None and amif["support_helped"]["total"]["share"] is None


def test_the_section_takes_two_queries_whatever_the_data(support):
    project = support.projects["helhetslyftet"]
    scope = project.enrollments.all()
    with CaptureQueriesContext(connection) as queries:
        amif_figures(project, scope, ON, date_from=datetime.date(2023, 1, 1))
    assert len(queries) == 2


def test_the_esf_page_shows_the_amif_panel_and_its_download_the_tables(support, client):
    project = support.projects["helhetslyftet"]
    client.force_login(support.users["leader"])
    page = client.get(
        reverse("reports:esf_indicators", kwargs={"code": project.code}), {"on": ON.isoformat()}
    )
    assert page.status_code == 200
    assert "AMIF: deltagare i integrationsstöd" in page.content.decode()
    download = client.get(
        reverse("reports:esf_indicators_xlsx", kwargs={"code": project.code}), {"on": ON.isoformat()}
    )
    book = openpyxl.load_workbook(io.BytesIO(download.content))
    labels = {row[0] for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)}
    assert {"Deltagare i språkkurs (SFI och andra språkkurser)", "Andel som instämmer"} <= labels


def test_the_esf_page_leaves_the_amif_panel_out_without_figures(world, client):
    client.force_login(world.users["admin"])  # SPiK is an ESF+ project without integration support
    page = client.get(reverse("reports:esf_indicators", kwargs={"code": world.projects["spik"].code}))
    assert page.status_code == 200 and "AMIF:" not in page.content.decode()


def test_the_page_computes_what_the_report_does(support):
    project = support.projects["helhetslyftet"]
    window = {"on": ON, "date_from": datetime.date(2024, 1, 1)}
    assert (
        section_report(project, {"amif": amif_figures}, **window)["amif"]
        == build_report(project, **window)["amif"]
    )
