"""The start page shows each role what it needs, and nothing it may not see."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.participants import actions

pytestmark = pytest.mark.django_db


def home(login_as, user, **params):
    response = login_as(user).get(reverse("home"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_coordinator_sees_own_caseload_and_counts(world, login_as):
    fia = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Fia",
        last_name="Fors",
        gender="K",
        birth_year=1995,
    )
    actions.enroll_participant(
        None,
        fia,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2025, 1, 2),
        coordinator=world.users["coord_kba"],
    )
    html = home(login_as, world.users["coord_kba"])
    assert "Mina deltagare och vad som behöver göras" in html
    assert "Anna Andersson" in html and "Fia Fors" in html
    assert "Bo Berg" not in html and "Cia Ceder" not in html
    assert "2025-01-02" in html and "2023-01-10" in html  # since when each is enrolled
    assert '<span class="figure__value">2</span> <span class="figure__label">aktiva just nu' in html


def test_coordinator_counts_this_month(world, login_as):
    e = world.enrollments["anna"]
    today = datetime.date.today()
    actions.register_exit(None, e, version=e.version, end_date=today, exit_reason="arbete")
    html = home(login_as, world.users["coord_kba"])
    assert '<span class="figure__value">1</span> <span class="figure__label">avslutade denna månad' in html
    assert '<span class="figure__value">0</span> <span class="figure__label">aktiva just nu' in html


def test_caseload_is_sortable(world, login_as):
    html = home(login_as, world.users["coord_kba"], **{"caseload-sort": "-enrolled"})
    assert 'aria-sort="descending"' in html


def test_leader_sees_project_figures_from_the_report(world, login_as):
    from stegvis.reports.project_report import build_report

    report = build_report(world.projects["helhetslyftet"])
    html = home(login_as, world.users["leader"])
    assert "Helhetslyftet" in html
    # Every tile is the full report's figure.
    for value, label in (
        (report["unique_persons"], "deltagare"),
        (report["enrollments"], "inskrivningar"),
        (report["active"], "aktiva i dag"),
        (report["work_or_studies"]["count"], "avslut till arbete eller studier"),
    ):
        assert f'<span class="figure__value">{value}</span> <span class="figure__label">{label}' in html
    assert 'href="/projekt/helhetslyftet/"' in html
    # The leader reaches the project's settings (partners, need groups) from here.
    assert 'href="/administration/projekt/helhetslyftet/"' in html
    assert "SPiK" not in html


def test_leader_sees_the_data_quality_total_and_its_trend(world, login_as):
    from stegvis.quality.models import QualitySnapshot
    from stegvis.quality.snapshots import take_snapshots
    from stegvis.reports.project_report import build_report

    project = world.projects["helhetslyftet"]
    today = datetime.date.today()
    last_month_end = today.replace(day=1) - datetime.timedelta(days=1)
    take_snapshots()  # today's row, which the trend of past months leaves out
    QualitySnapshot.objects.create(
        project=project, taken_on=last_month_end - datetime.timedelta(days=3), total=9
    )
    QualitySnapshot.objects.create(project=project, taken_on=last_month_end, total=7)
    total = sum(build_report(project)["data_quality"].values())
    html = home(login_as, world.users["leader"])
    assert f'href="/kvalitet/projekt/helhetslyftet/">{total} saker att rätta</a>' in html
    # The last snapshot of last month is the one compared with; months never taken show a dash.
    change = total - 7
    if change < 0:
        assert f"{-change} färre än vid förra månadsskiftet" in html
    else:
        assert (f"{change} fler" if change else "lika många") in html
    trend = html[html.index('id="quality-trend-helhetslyftet"') :]
    trend = trend[: trend.index("</table>")]
    assert trend.count('<td class="num">–</td>') == 5 and '<td class="num">7</td>' in trend
    assert "<caption>" in trend


def test_evaluator_sees_projects_to_report_on(world, login_as):
    html = home(login_as, world.users["evaluator"])
    assert "Helhetslyftet" in html and "SPiK" not in html
    assert "Anna" not in html
    assert 'href="/deltagare/' not in html


def test_administrator_sees_system_counts_and_links(world, login_as):
    html = home(login_as, world.users["admin"])
    assert f'href="{reverse("audit:list")}"' in html
    assert f'href="{reverse("exchange:import")}"' in html
    assert '<span class="figure__value">3</span> <span class="figure__label">deltagare' in html


def test_user_without_role_is_refused(world, login_as):
    assert login_as(world.users["norole"]).get(reverse("home")).status_code == 403


@pytest.mark.parametrize("role", ["coord_kba", "admin", "leader"])
def test_the_start_page_is_a_fixed_number_of_queries_whatever_the_caseload(world, login_as, role):
    """The caseload, the due measurements and the worklist summary are counted in the database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stegvis.participants.tests.helpers import add_enrolled_persons

    client = login_as(world.users[role])
    client.get(reverse("home"))  # the session settles

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    add_enrolled_persons(world, 30)
    assert queries() == few
    if role == "coord_kba":
        assert "Person029 Testsson" in client.get(reverse("home")).content.decode()


def test_the_data_quality_total_is_counted_once_for_a_few_minutes(world, login_as, django_assert_num_queries):
    from stegvis.quality import summary

    project = world.projects["helhetslyftet"]
    on = datetime.date.today()
    first = summary.quality_panels([project], on)[project.pk]
    with django_assert_num_queries(2):  # the trend and the cache; the count is not made again
        again = summary.quality_panels([project], on)[project.pk]
    assert again["total"] == first["total"] and again["counted_at"] == first["counted_at"]
    assert f"I dag kl. {timezone.localtime(first['counted_at']):%H:%M}" in home(
        login_as, world.users["leader"]
    )
