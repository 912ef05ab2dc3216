"""The staff pages: the queue, one request, conversion, the public pages' admin and the poster."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.intake import actions
from stegvis.intake.models import IntakePage, IntakeRequest, IntakeSettings, Status
from stegvis.intake.queue import new_requests_count
from stegvis.intake.testing import make_page, make_request
from stegvis.notifications.reminders import reminder_sources

pytestmark = pytest.mark.django_db


def test_queue_shows_new_first_and_only_what_the_user_may_see(world, login_as):
    page = make_page(world)
    contacting = make_request(world, name="Kontakt Pågår")
    actions.log_callback(None, contacting, result="no_answer")
    make_request(world, name="Ny Anmälan")
    closed = make_request(world, name="Stängd Anmälan")
    actions.close_request(None, closed, version=closed.version, outcome="not_target")
    other = actions.create_page(
        None,
        organization=world.orgs["molndal"],
        project=world.projects["helhetslyftet"],
        slug="mdl",
        name="Mölndal",
        contact="Ring",
    )
    make_request(world, other, name="Mölndals Anmälan")

    html = login_as(world.users["coord_kba"]).get(reverse("intake:queue")).content.decode()
    assert html.index("Ny Anmälan") < html.index("Kontakt Pågår")
    assert "Stängd Anmälan" not in html and "Mölndals Anmälan" not in html
    assert AuditEntry.objects.filter(
        user=world.users["coord_kba"], action="search", detail="Intagskön: 2 av 2 rader visade"
    ).exists()

    everything = (
        login_as(world.users["leader"]).get(reverse("intake:queue") + "?status=alla").content.decode()
    )
    assert all(
        name in everything for name in ("Ny Anmälan", "Kontakt Pågår", "Stängd Anmälan", "Mölndals Anmälan")
    )
    only_mdl = (
        login_as(world.users["leader"]).get(reverse("intake:queue") + f"?page={other.pk}").content.decode()
    )
    assert "Mölndals Anmälan" in only_mdl and "Ny Anmälan" not in only_mdl
    assert page.pk


def test_queue_query_count_does_not_grow_with_requests(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    page = make_page(world)
    for n in range(30):
        r = make_request(world, page, name=f"Person {n}")
        if n % 3 == 0:
            actions.log_callback(None, r, result="no_answer")
    with django_assert_max_num_queries(14):
        response = client.get(reverse("intake:queue"))
    assert response.status_code == 200
    assert "30 anmälningar" in response.content.decode()


def test_evaluator_and_other_organisations_see_no_requests(world, login_as):
    r = make_request(world)
    assert login_as(world.users["evaluator"]).get(reverse("intake:queue")).status_code == 403
    assert login_as(world.users["coord_mdl"]).get(reverse("intake:detail", args=[r.pk])).status_code == 404
    assert (
        login_as(world.users["coord_spik"])
        .post(reverse("intake:detail", args=[r.pk]), {"gora": "kontakt", "kontakt-result": "reached"})
        .status_code
        == 404
    )


def test_detail_is_audited_and_logs_a_callback_and_closes(world, login_as):
    r = make_request(world)
    client = login_as(world.users["coord_kba"])
    url = reverse("intake:detail", args=[r.pk])
    html = client.get(url).content.decode()
    assert "070-123 45 67" in html and "Vill gärna prata om praktik." in html
    assert AuditEntry.objects.filter(
        user=world.users["coord_kba"], action="view", object_id=str(r.pk), object_type="intake.intakerequest"
    ).exists()

    bad = client.post(url, {"gora": "kontakt", "kontakt-result": ""})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    response = client.post(
        url, {"gora": "kontakt", "kontakt-result": "left_message", "kontakt-note": "Röstbrevlåda"}
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert r.status == Status.CONTACTING and r.attempts.get().note == "Röstbrevlåda"

    stale = r.version
    response = client.post(
        url,
        {"gora": "avsluta", "avsluta-outcome": "referred", "avsluta-note": "AF", "avsluta-version": stale},
    )
    assert response.status_code == 302
    r.refresh_from_db()
    assert (r.status, r.outcome) == (Status.CLOSED, "referred")
    conflict = client.post(url, {"gora": "oppna", "oppna-version": stale})
    assert conflict.status_code == 200 and "Någon annan har ändrat" in conflict.content.decode()
    assert client.post(url, {"gora": "oppna", "oppna-version": r.version}).status_code == 302
    r.refresh_from_db()
    assert r.status == Status.CONTACTING


def test_convert_page_prefills_and_converts(world, login_as):
    r = make_request(world, name="Nora Nilsson", language="ar")
    client = login_as(world.users["coord_kba"])
    url = reverse("intake:convert", args=[r.pk])
    html = client.get(url).content.decode()
    assert 'value="Nora"' in html and 'value="Nilsson"' in html and 'value="070-123 45 67"' in html
    response = client.post(
        url,
        {
            "version": r.version,
            "first_name": "Nora",
            "last_name": "Nilsson",
            "gender": "K",
            "birth_year": "2007",
            "phone": "070-123 45 67",
            "contact_preference": "sms",
            "language": "ar",
            "project": world.projects["helhetslyftet"].pk,
            "organization": world.orgs["kungsbacka"].pk,
            "start_date": "2024-05-02",
        },
    )
    assert response.status_code == 302, response.content.decode()
    r.refresh_from_db()
    assert r.enrollment is not None and r.status == Status.CLOSED
    assert response["Location"] == reverse("participants:detail", args=[r.enrollment.person_id])
    assert (r.enrollment.intake_channel, r.enrollment.referrer) == ("egenremiss", "egenremiss")
    assert r.enrollment.person.language == "ar"
    # A converted request cannot be converted again.
    assert client.get(url).status_code == 302


def test_convert_with_bad_input_keeps_the_form(world, login_as):
    r = make_request(world)
    response = login_as(world.users["coord_kba"]).post(
        reverse("intake:convert", args=[r.pk]),
        {
            "version": r.version,
            "gender": "K",
            "personnummer": "19850101-0205",
            "project": world.projects["helhetslyftet"].pk,
            "organization": world.orgs["kungsbacka"].pk,
            "start_date": "2024-05-02",
        },
    )
    assert response.status_code == 200
    assert "kontrollsiffra" in response.content.decode()
    assert IntakeRequest.objects.get(pk=r.pk).enrollment is None


def test_reminder_source_counts_new_requests_the_user_may_see(world):
    make_request(world)
    called = make_request(world)
    actions.log_callback(None, called, result="no_answer")
    source = next(s for s in reminder_sources() if s.name == "intake.new_requests")
    assert source.url_name == "intake:queue"
    assert source.count(world.users["coord_kba"], datetime.date.today()) == 1
    assert new_requests_count(world.users["coord_mdl"]) == 0
    assert new_requests_count(world.users["evaluator"]) == 0


def test_leader_creates_and_edits_a_page_coordinator_may_not(world, login_as):
    client = login_as(world.users["leader"])
    response = client.post(
        reverse("intake:page_create"),
        {
            "organization": world.orgs["kungsbacka"].pk,
            "project": world.projects["helhetslyftet"].pk,
            "name": "Unga i Kungsbacka",
            "slug": "unga-kba",
            "contact": "0300-83 40 00",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    page = IntakePage.objects.get(slug="unga-kba")
    bad = client.post(
        reverse("intake:page_edit", args=[page.pk]),
        {
            "organization": world.orgs["kungsbacka"].pk,
            "project": world.projects["helhetslyftet"].pk,
            "name": "Unga",
            "slug": "Ogiltig adress",
            "contact": "x",
            "version": page.version,
        },
    )
    assert bad.status_code == 200 and "a–z" in bad.content.decode()
    assert (
        login_as(world.users["coord_kba"]).get(reverse("intake:page_edit", args=[page.pk])).status_code == 403
    )
    listing = login_as(world.users["coord_kba"]).get(reverse("intake:pages")).content.decode()
    assert "http://testserver/anmalan/unga-kba/" in listing
    assert reverse("intake:page_edit", args=[page.pk]) not in listing


def test_poster_is_a5_with_qr_and_the_address(world, login_as):
    page = make_page(world)
    url = reverse("intake:poster", args=[page.pk]) + "?lang=ar"
    html = login_as(world.users["coord_kba"]).get(url).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "http://testserver/anmalan/kba-intag/?lang=ar" in html
    assert '<html lang="ar" dir="rtl">' in html
    assert "Skriv ut (A5)" in html
    from django.contrib.staticfiles import finders

    assert "size: A5" in open(finders.find("intake/poster.css"), encoding="utf-8").read()


def test_admin_sets_the_retention(world, login_as):
    client = login_as(world.users["admin"])
    url = reverse("intake:retention", args=["kungsbacka"])
    assert client.post(url, {"retention_days": "0"}).status_code == 200
    assert client.post(url, {"retention_days": "45"}).status_code == 302
    assert IntakeSettings.objects.get(organization=world.orgs["kungsbacka"]).retention_days == 45
