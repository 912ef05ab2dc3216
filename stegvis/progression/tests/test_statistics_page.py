"""The project's progression statistics page."""

import datetime

import pytest
from django.urls import reverse

from stegvis.organizations.models import NeedGroup
from stegvis.participants.models import Enrollment
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument
from stegvis.progression.statistics.rule import progression_provider
from stegvis.progression.statistics.views import statistics_for
from stegvis.reports import project_report
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import person

D = datetime.date


@pytest.fixture(autouse=True)
def _provider():
    """Other tests swap the report's hook; these need the real one."""
    project_report.register_progression_provider(progression_provider)


def url(world, **params):
    from urllib.parse import urlencode

    base = reverse("progression:project_statistics", kwargs={"code": world.projects["helhetslyftet"].code})
    return f"{base}?{urlencode(params)}" if params else base


def measure(enrollment, date, value, respondent="deltagare"):
    card = Instrument.objects.get(code="progressionskort", version=1)
    return record_measurement(
        None,
        enrollment,
        card,
        respondent=respondent,
        date=date,
        answers={f"q{i}": value for i in range(1, 11)},
    )


@pytest.fixture
def measured(world):
    """anna (Kungsbacka, referred by af) rises 4 -> 7; bo (Mölndal, social services) falls 6 -> 5."""
    measure(world.enrollments["anna"], D(2023, 1, 20), 4)
    measure(world.enrollments["anna"], D(2023, 5, 20), 7)
    measure(world.enrollments["bo"], D(2023, 2, 5), 6)
    measure(world.enrollments["bo"], D(2023, 6, 5), 5)
    measure(world.enrollments["bo"], D(2023, 2, 5), 2, respondent="handlaggare")
    measure(world.enrollments["bo"], D(2023, 6, 5), 8, respondent="handlaggare")
    return world


@pytest.mark.parametrize(
    "role, status",
    [
        ("admin", 200),
        ("leader", 200),
        ("coord_kba", 200),
        ("coord_mdl", 200),
        ("evaluator", 200),
        ("coord_spik", 404),
        ("norole", 403),
    ],
)
def test_access_per_role(world, login_as, role, status):
    assert login_as(world.users[role]).get(url(world)).status_code == status


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(url(world)).status_code == 302


def test_evaluator_sees_figures_and_no_personal_data(measured, login_as):
    world = measured
    response = login_as(world.users["evaluator"]).get(url(world))
    html = response.content.decode()
    assert response.status_code == 200
    figures = response.context["stats"]
    # Evaluators see small numbers hidden; the project's leader sees the raw figures.
    assert (figures["measured"], figures["positive"], figures["negative"], figures["unchanged"]) == (
        "<5",
        "<5",
        "<5",
        0,
    )
    assert figures["share_positive"] is None and "Små tal (under 5) visas som &lt;5" in html
    raw = login_as(world.users["leader"]).get(url(world))
    figures = raw.context["stats"]
    assert (figures["measured"], figures["positive"], figures["negative"], figures["unchanged"]) == (
        2,
        1,
        1,
        0,
    )
    assert "50,0 %" in raw.content.decode()
    for secret in ("Andersson", "Berg", "19850101", "KBA-1", "MDL-1"):
        assert secret not in html
    assert 'role="img"' in html
    assert 'id="chart-group-radar-title"' in html and 'id="chart-change-title"' in html


def test_page_figures_are_the_report_figures(measured, login_as):
    world = measured
    response = login_as(world.users["leader"]).get(url(world, on="2024-01-01"))
    report = build_report(world.projects["helhetslyftet"], on=D(2024, 1, 1))["progression"]
    page = response.context["stats"]
    for key in (
        "measured",
        "positive",
        "negative",
        "unchanged",
        "by_gender_and_age_band",
        "by_item",
        "mean_change",
    ):
        assert page[key] == report[key]


def test_gender_age_table(measured, login_as):
    html = login_as(measured.users["leader"]).get(url(measured)).content.decode()
    table = html[html.index('id="table-h"') : html.index('id="items-h"')]
    assert '<th scope="rowgroup" rowspan="2">Kvinna' in table or 'scope="rowgroup"' in table
    assert "<caption>" in table
    assert "Ingen inskrivning" not in table


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"organization": "kungsbacka"}, (1, 1, 0)),
        ({"organization": "molndal"}, (1, 0, 1)),
        ({"referrer": "af"}, (1, 1, 0)),
        ({"referrer": "fk"}, (0, 0, 0)),
        ({"on": "2023-04-01"}, (0, 0, 0)),
        ({"from": "2023-02-01", "to": "2023-12-31"}, (2, 1, 1)),
        ({"respondent": "handlaggare"}, (1, 1, 0)),
    ],
)
def test_filters(measured, login_as, params, expected):
    world = measured
    if "organization" in params:
        params["organization"] = world.orgs[params["organization"]].pk
    response = login_as(world.users["leader"]).get(url(world, **params))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert (stats["measured"], stats["positive"], stats["negative"]) == expected


def test_need_group_filter(measured, login_as):
    world = measured
    group = NeedGroup.objects.create(project=world.projects["helhetslyftet"], name="Unga vuxna")
    Enrollment.objects.filter(pk=world.enrollments["bo"].pk).update(need_group=group)
    stats = login_as(world.users["leader"]).get(url(world, need_group=group.pk)).context["stats"]
    assert (stats["measured"], stats["negative"]) == (1, 1)


@pytest.mark.parametrize(
    "params, field, message",
    [
        ({"on": "i förrgår"}, "on", "Ange ett giltigt datum"),
        ({"from": "2023-13-45"}, "from", "Ange ett giltigt datum"),
        ({"from": "2023-06-01", "to": "2023-01-01"}, "to", "Till och med-datumet kan inte vara före"),
        ({"on": "2999-01-01"}, "on", "kan inte vara senare än i dag"),
        ({"organization": "999999"}, "organization", "Välj en organisation i projektet"),
        ({"referrer": "nasa"}, "referrer", "Välj en anvisare i listan"),
    ],
)
def test_bad_input_gives_a_message_not_an_error(measured, login_as, params, field, message):
    response = login_as(measured.users["leader"]).get(url(measured, **params))
    assert response.status_code == 200
    assert response.context["stats"] is None
    assert message in " ".join(response.context["form"].errors[field])
    assert "error-summary" in response.content.decode()


def test_organisation_of_another_project_is_refused(measured, login_as):
    world = measured
    response = login_as(world.users["leader"]).get(url(world, organization=world.orgs["vaxjo"].pk))
    assert response.context["stats"] is None
    assert "organization" in response.context["form"].errors


def test_missed_measurements_are_counted(world):
    """anna, enrolled 2023-01-10 and never measured: by 2023-12-31 every due date has passed unmet."""
    stats = statistics_for(
        world.projects["helhetslyftet"], on=D(2023, 12, 31), filters={"person": world.persons["anna"]}
    )
    # Due dates (every 3 months) 01-10, 04-10, 07-10, 10-10; each window of 30 days has closed.
    assert stats["missed"] == 4


@pytest.mark.parametrize("n", [3, 30])
def test_page_queries_do_not_grow(world, login_as, n, django_assert_max_num_queries):
    project = world.projects["helhetslyftet"]
    from stegvis.participants import actions

    for i in range(n):
        who = person(world, gender="KM"[i % 2], birth_year=1960 + i)
        e = actions.enroll_participant(
            None, who, project=project, organization=world.orgs["kungsbacka"], start_date=D(2023, 1, 1)
        )
        measure(e, D(2023, 1, 5), 1 + i % 9)
        measure(e, D(2023, 4, 5), 1 + (i * 5) % 9)
    client = login_as(world.users["leader"])
    with django_assert_max_num_queries(16):
        response = client.get(url(world))
    assert response.context["stats"]["measured"] == n


def test_report_page_links_to_statistics(world, login_as):
    html = (
        login_as(world.users["evaluator"])
        .get(reverse("reports:project_report", kwargs={"code": "helhetslyftet"}))
        .content.decode()
    )
    assert url(world) in html
