"""The report's ``consent`` section and its table, and the staff reminder of missing consent."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.consent import actions
from stegvis.consent.reminders import missing_registration_consent
from stegvis.consent.report import consent_figures
from stegvis.consent.testing import give
from stegvis.participants.tests.helpers import add_enrolled_persons
from stegvis.reports.project_report import build_report, scoped_enrollments
from stegvis.reports.tables import report_tables, tables_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def consent_world(world):
    """Helhetslyftet: anna with every consent (SUS withdrawn 2024-03-01), bo with registration only,
    and two more without any."""
    anna, bo = world.enrollments["anna"], world.enrollments["bo"]
    give(anna, "registrering")
    sus = give(anna, "sus")
    actions.withdraw_consent(None, sus, version=sus.version, withdrawn_on=D(2024, 3, 1))
    give(anna, "kontakt", actor_organization=world.orgs["af"])
    give(anna, "kontakt", actor_name="Vårdcentralen Norr", given_on=D(2023, 6, 1))
    give(bo, "registrering", given_on=D(2023, 2, 1))
    add_enrolled_persons(world, 2)
    return world


def test_section_counts_active_withdrawn_and_missing_on_the_date(consent_world):
    project = consent_world.projects["helhetslyftet"]
    section = build_report(project, on=D(2024, 6, 30))["consent"]
    assert section["enrollments"] == 4
    assert section["registrering"] == {"active": 2, "active_share": 0.5, "withdrawn": 0, "missing": 2}
    assert section["sus"] == {"active": 0, "active_share": 0, "withdrawn": 1, "missing": 3}
    assert section["kontakt"] == {"active": 1, "active_share": 0.25, "withdrawn": 0, "missing": 3}
    assert section["contact_consents"] == 2
    # Before the withdrawal SUS consent was in force; before 2023-06-01 one contact consent only.
    earlier = build_report(project, on=D(2023, 3, 1))["consent"]
    assert earlier["sus"]["active"] == 1 and earlier["sus"]["withdrawn"] == 0
    assert earlier["contact_consents"] == 1
    # Consent given after the report date does not count yet.
    assert build_report(project, on=D(2023, 1, 31))["consent"]["registrering"]["active"] == 1


def test_section_is_one_query_whatever_the_size(consent_world):
    project = consent_world.projects["helhetslyftet"]
    on = D(2024, 6, 30)
    with CaptureQueriesContext(connection) as captured:
        consent_figures(project, scoped_enrollments(on, queryset=project.enrollments.all()), on)
    assert len(captured) == 1
    add_enrolled_persons(consent_world, 20, start=100)
    with CaptureQueriesContext(connection) as captured:
        section = consent_figures(project, scoped_enrollments(on, queryset=project.enrollments.all()), on)
    assert len(captured) == 1 and section["enrollments"] == 24


def test_table_for_the_exports(consent_world):
    report = build_report(consent_world.projects["helhetslyftet"], on=D(2024, 6, 30))
    [table] = tables_of(report, "consent")
    assert table.title == "Samtycken" and table.columns[0] == "Samtycke till"
    assert table.rows[1] == ["Rapportering till SUS", 0, 0, 1, 3, 4]
    assert table.rows[0][:2] == ["Registrering av personuppgifter", 2] and table.percent_columns == {2}
    assert "2 samtycken till kontakt gäller" in table.note
    assert "Samtycken" in [t.title for t in report_tables(report)]  # reaches the XLSX and DOCX
    assert tables_of({}, "consent") == []


def test_report_json_carries_the_section(consent_world, login_as):
    from django.urls import reverse

    url = reverse("reports:project_report_json", kwargs={"code": "helhetslyftet"})
    response = login_as(consent_world.users["leader"]).get(url, {"on": "2024-06-30"})
    assert response.status_code == 200 and response.json()["consent"]["sus"]["withdrawn"] == 1
    # Aggregates only: evaluators see it too, with small numbers hidden.
    response = login_as(consent_world.users["evaluator"]).get(url, {"on": "2024-06-30"})
    assert response.status_code == 200 and response.json()["consent"]["sus"]["withdrawn"] == "<5"


def test_reminder_counts_active_enrolments_without_registration_consent(consent_world):
    today = datetime.date.today()
    users = consent_world.users
    assert missing_registration_consent(users["leader"], today) == 2  # the two added, both Kungsbacka's
    assert missing_registration_consent(users["coord_kba"], today) == 2
    assert missing_registration_consent(users["coord_mdl"], today) == 0  # bo has consent
    assert missing_registration_consent(users["coord_spik"], today) == 1  # cia
    assert missing_registration_consent(users["evaluator"], today) == 0
    with CaptureQueriesContext(connection) as captured:
        missing_registration_consent(users["admin"], today)
    assert len(captured) <= 2  # the user's roles, then one count
    from stegvis.notifications.reminders import reminder_sources

    source = next(s for s in reminder_sources() if s.name == "consent.missing")
    assert source.url_name == "consent:missing" and source.count is missing_registration_consent


def test_project_page_shows_the_figures_on_a_date(consent_world, login_as):
    from django.urls import reverse

    client = login_as(consent_world.users["evaluator"])
    page = reverse("consent:project", kwargs={"code": "helhetslyftet"})
    with CaptureQueriesContext(connection) as captured:
        html = client.get(page, {"on": "2024-06-30"}).content.decode()
    assert "Samtycken: Helhetslyftet" in html and "Per 2024-06-30" in html and "4 inskrivningar" in html
    assert "Anna" not in html  # aggregates only
    assert '<th scope="row">Rapportering till SUS</th>' in html
    html = client.get(page, {"on": "2024-02-30"}).content.decode()
    assert "Ange ett giltigt datum" in html
    assert len(captured) < 15
    # The report menu links to it.
    html = client.get(reverse("reports:project_report", kwargs={"code": "helhetslyftet"})).content.decode()
    assert page in html
