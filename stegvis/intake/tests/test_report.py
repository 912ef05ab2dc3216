"""The report's ``self_referrals`` section: which requests count, the figures, the tables and the page."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.intake import actions
from stegvis.intake.models import CallbackAttempt, IntakeRequest
from stegvis.intake.report import self_referral_tables, self_referrals
from stegvis.intake.testing import make_page, make_request
from stegvis.reports.project_report import build_report
from stegvis.reports.tables import report_tables

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Europe/Stockholm")


def at(day, hour=12):
    return (
        datetime.datetime(2024, 3, day, hour, tzinfo=TZ)
        if isinstance(day, int)
        else datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)
    )


def sent(world, page, day, **fields):
    r = make_request(world, page, **fields)
    IntakeRequest.objects.filter(pk=r.pk).update(submitted_at=at(day))
    r.refresh_from_db()
    return r


def attempt(r, day, result):
    CallbackAttempt.objects.create(
        request=r, attempted_at=at(day) if not isinstance(day, datetime.datetime) else day, result=result
    )


def convert(world, r, day, organization="kungsbacka"):
    enrollment = actions.convert_request(
        None,
        r,
        version=r.version,
        project=world.projects["helhetslyftet"],
        organization=world.orgs[organization],
        start_date=datetime.date(2024, 3, day),
        person_fields={"first_name": r.name, "last_name": "", "gender": "K", "birth_year": 2004},
    )
    IntakeRequest.objects.filter(pk=r.pk).update(closed_at=at(day))
    return enrollment


@pytest.fixture
def requests(world):
    kba = make_page(world)
    mdl = actions.create_page(
        None,
        organization=world.orgs["molndal"],
        project=world.projects["helhetslyftet"],
        slug="mdl",
        name="Mölndal",
        contact="Ring",
    )
    general = actions.create_page(
        None, organization=world.orgs["kungsbacka"], slug="kba-allman", name="Allmän", contact="Ring"
    )
    spik = actions.create_page(
        None,
        organization=world.orgs["vaxjo"],
        project=world.projects["spik"],
        slug="vxo",
        name="Växjö",
        contact="Ring",
    )
    r1 = sent(world, kba, 5, name="Ett")
    attempt(r1, datetime.datetime(2024, 3, 6, 9, tzinfo=TZ), "reached")
    convert(world, r1, 10)
    r2 = sent(world, kba, 12, name="Två")
    attempt(r2, 13, "no_answer")
    attempt(r2, 17, "reached")
    actions.close_request(None, r2, version=r2.version, outcome="referred")
    IntakeRequest.objects.filter(pk=r2.pk).update(closed_at=at(20))
    sent(world, kba, 20, name="Tre", on_behalf=True, age_group="under_16")
    r4 = sent(world, mdl, 15, name="Fyra")
    actions.close_request(None, r4, version=r4.version, outcome="no_answer")
    IntakeRequest.objects.filter(pk=r4.pk).update(closed_at=at(datetime.date(2024, 4, 10)))
    r5 = sent(world, general, 18, name="Fem")
    attempt(r5, 19, "reached")
    convert(world, r5, 22)
    sent(world, general, 19, name="Sex")  # general page, not converted: no project
    sent(world, spik, 19, name="Sju")  # another project
    sent(world, kba, datetime.date(2024, 5, 1), name="Åtta")  # after the window
    return world


def _section(world, organization=None):
    return build_report(
        world.projects["helhetslyftet"],
        on=datetime.date(2024, 3, 31),
        date_from=datetime.date(2024, 3, 1),
        date_to=datetime.date(2024, 3, 31),
        organization=world.orgs[organization] if organization else None,
    )["self_referrals"]


def test_figures_for_the_project_in_the_window(requests):
    section = _section(requests)
    assert section["received"] == 5
    assert section["by_outcome"] == {"enrolled": 2, "referred": 1, "not_target": 0, "no_answer": 0, "open": 2}
    assert section["converted"]["count"] == 2
    assert section["open"] == 2  # Mölndal's was closed after the report date
    assert section["contacted"] == 3
    assert section["reached"]["count"] == 3
    assert section["reached_within_days"] == {"days": 3, "count": 2, "share": pytest.approx(0.4)}
    assert section["on_behalf"] == 1
    assert section["by_age_group"]["under_16"] == 1 and sum(section["by_age_group"].values()) == 5


def test_a_later_report_date_sees_the_later_closing(requests):
    report = build_report(
        requests.projects["helhetslyftet"],
        on=datetime.date(2024, 4, 30),
        date_from=datetime.date(2024, 3, 1),
        date_to=datetime.date(2024, 3, 31),
    )
    assert report["self_referrals"]["by_outcome"]["no_answer"] == 1
    assert report["self_referrals"]["open"] == 1


def test_per_organisation_each_request_counts_once(requests):
    kba, mdl = _section(requests, "kungsbacka"), _section(requests, "molndal")
    assert (kba["received"], mdl["received"]) == (4, 1)
    assert kba["received"] + mdl["received"] == _section(requests)["received"]


def test_without_a_period_everything_up_to_the_report_date(requests):
    report = build_report(requests.projects["helhetslyftet"], on=datetime.date(2024, 6, 1))
    assert report["self_referrals"]["received"] == 6


def test_section_is_one_query_whatever_the_number_of_requests(requests):
    report = {"on": "2024-03-31", "from": "2024-03-01", "to": "2024-03-31", "organization": None}
    with CaptureQueriesContext(connection) as few:
        self_referrals(requests.projects["helhetslyftet"], report, None)
    page = make_page(requests)
    for n in range(20):
        sent(requests, page, 25, name=f"Fler {n}")
    with CaptureQueriesContext(connection) as many:
        section = self_referrals(requests.projects["helhetslyftet"], report, None)
    assert len(few) == len(many) == 1
    assert section["received"] == 25


def test_tables_reach_the_exports(requests):
    report = build_report(
        requests.projects["helhetslyftet"],
        on=datetime.date(2024, 3, 31),
        date_from=datetime.date(2024, 3, 1),
        date_to=datetime.date(2024, 3, 31),
    )
    overview, by_age = self_referral_tables(report)
    rows = {row[0]: row[1:] for row in overview.rows}
    assert rows["Mottagna egenremisser"] == [5, None]
    assert rows["Blev inskrivningar"][0] == 2
    assert rows["Nådda inom 3 dagar"][0] == 2
    assert sum(row[1] for row in by_age.rows) == 5
    assert {"self_referrals", "self_referrals_by_age"} <= {t.key for t in report_tables(report)}


def test_followup_page_shows_the_tables(requests, login_as, django_assert_max_num_queries):
    client = login_as(requests.users["evaluator"])
    url = reverse("reports:followup", kwargs={"code": "helhetslyftet"}) + "?month=2024-03"
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Egenremisser och vad de ledde till" in html
    assert "Fyra" not in html  # aggregates only
