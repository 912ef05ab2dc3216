"""A link opens a participant's session, at an address without the token, for 30 idle minutes."""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.tokens import hash_token
from stegvis.minsida import actions, session
from stegvis.minsida.models import MinSidaLink
from stegvis.minsida.tests.helpers import HOME, landing, make_link, open_session

pytestmark = pytest.mark.django_db


def test_the_link_shows_a_button_and_only_the_button_opens_min_sida(world, client):
    link, raw = make_link(world)
    response = client.get(landing(raw))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Öppna Min sida" in html
    for secret in ("Anna", "Andersson", "19850101", "Helhetslyftet"):
        assert secret not in html
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    # A mail scanner or link preview that only fetches the address opens nothing.
    assert session.SESSION_KEY not in client.session
    link.refresh_from_db()
    assert link.opened_count == 0


def test_opening_starts_a_session_at_a_token_free_address(world, client):
    link, raw = make_link(world)
    response = open_session(client, raw)
    assert raw not in response["Location"]
    page = client.get(HOME)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Hej Anna!" in html
    assert "<title>Min sida</title>" in html  # no name in the title
    assert page["Cache-Control"] == "no-store"
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    link.refresh_from_db()
    assert link.opened_count == 1 and link.last_opened_at is not None
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN, object_type="minsida.minsidalink")
    assert entry.user is None and entry.person == world.persons["anna"]
    assert "Min sida öppnad med länk" in entry.detail and raw not in entry.detail


def test_only_the_hash_of_the_token_is_stored(world):
    link, raw = make_link(world)
    assert link.token_hash == hash_token(raw) and raw not in link.token_hash
    assert not MinSidaLink.objects.filter(token_hash=raw).exists()
    assert not AuditEntry.objects.filter(detail__contains=raw).exists()
    assert not any(raw in str(e.changes) for e in AuditEntry.objects.all())


def test_a_link_opens_sessions_again_until_it_expires_after_seven_days(world, client):
    link, raw = make_link(world)
    assert link.expires_at - link.created_at == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(seconds=5)
    )
    open_session(client, raw)
    client.post(reverse("minsida:logout"))
    open_session(client, raw)
    link.refresh_from_db()
    assert link.opened_count == 2
    MinSidaLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(landing(raw))
    assert response.status_code == 410
    assert "Länken är för gammal eller har spärrats." in response.content.decode()
    # The session the link opened ends with it.
    assert "Du är inte inloggad på Min sida." in client.get(HOME).content.decode()


def test_the_session_ends_after_30_idle_minutes(world, client):
    _link, raw = make_link(world)
    open_session(client, raw)

    def idle(minutes):
        store = client.session
        store[session.SESSION_KEY] = {**store[session.SESSION_KEY], "seen": time.time() - minutes * 60}
        store.save()

    idle(29)
    assert "Hej Anna!" in client.get(HOME).content.decode()  # and the clock starts again
    idle(31)
    html = client.get(HOME).content.decode()
    assert "Hej Anna!" not in html
    assert "Du var borta en stund, så du har loggats ut." in html
    assert session.SESSION_KEY not in client.session


def test_logout_ends_the_session_and_keeps_the_language(world, client):
    _link, raw = make_link(world, language="en")
    open_session(client, raw)
    response = client.post(reverse("minsida:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("minsida:signed_out")
    html = client.get(response["Location"]).content.decode()
    assert "You are logged out." in html
    assert "Anna" not in client.get(HOME).content.decode()
    assert client.post(reverse("minsida:step_done"), {"step": 1}).status_code == 403


def test_a_get_of_logout_asks_first(world, client):
    _link, raw = make_link(world)
    open_session(client, raw)
    html = client.get(reverse("minsida:logout")).content.decode()
    assert "Vill du logga ut från Min sida?" in html
    assert "Hej Anna!" in client.get(HOME).content.decode()


def test_unknown_token_is_404_in_every_language(world, client):
    response = client.get(landing("x" * 32))
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="ar" dir="rtl"' in html and 'lang="so" dir="ltr"' in html
    assert response["Cache-Control"] == "no-store"
    assert client.get(landing("y" * 500)).status_code == 404


def test_a_revoked_link_is_gone_and_ends_its_session(world, client, login_as):
    link, raw = make_link(world, language="ar")
    open_session(client, raw)
    actions.revoke_link(world.users["coord_kba"], link)
    response = client.get(landing(raw))
    assert response.status_code == 410
    assert response["X-Stegvis-Link"] == "revoked"
    assert 'dir="rtl"' in response.content.decode()
    assert "Anna" not in client.get(HOME).content.decode()


def test_staff_revoke_from_the_participant_page(world, login_as):
    link, _raw = make_link(world)
    client = login_as(world.users["coord_mdl"])
    assert client.post(reverse("minsida:revoke", args=[link.pk])).status_code == 404
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("minsida:revoke", args=[link.pk]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == world.users["coord_kba"]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="minsida.minsidalink").exists()


def test_opening_min_sida_logs_a_staff_member_out_of_the_same_browser(world, client):
    _link, raw = make_link(world)
    client.force_login(world.users["coord_kba"])
    assert client.get(reverse("participants:list")).status_code == 200
    open_session(client, raw)
    assert client.get(reverse("participants:list")).status_code == 302  # to the login page
    assert "Hej Anna!" in client.get(HOME).content.decode()


def test_a_staff_login_ends_the_participant_session(world, client):
    _link, raw = make_link(world)
    open_session(client, raw)
    client.force_login(world.users["coord_kba"])
    assert "Hej Anna!" not in client.get(HOME).content.decode()


def test_an_anonymised_person_has_no_session(world, client):
    link, raw = make_link(world)
    open_session(client, raw)
    world.persons["anna"].__class__.objects.filter(pk=world.persons["anna"].pk).update(
        anonymised_at=timezone.now()
    )
    assert "Hej Anna!" not in client.get(HOME).content.decode()
    assert client.post(landing(raw)).status_code == 410


def test_choosing_a_language_changes_the_page_and_stays_on_min_sida(world, client):
    _link, raw = make_link(world)
    open_session(client, raw)
    response = client.post(reverse("minsida:language"), {"language": "ar", "next": HOME})
    assert response["Location"] == HOME
    html = client.get(HOME).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    response = client.post(reverse("minsida:language"), {"language": "so", "next": "https://example.com/"})
    assert response["Location"] == HOME
    assert '<html lang="so" dir="ltr">' in client.get(HOME).content.decode()
    response = client.post(reverse("minsida:language"), {"language": "xx", "next": "//example.com/min-sida/"})
    assert response["Location"] == HOME
    assert '<html lang="so"' in client.get(HOME).content.decode()


def test_the_language_chosen_on_the_link_page_is_kept(world, client):
    _link, raw = make_link(world, language="sv")
    client.get(landing(raw))
    client.post(reverse("minsida:language"), {"language": "en", "next": landing(raw)})
    assert "Open My page" in client.get(landing(raw)).content.decode()
    open_session(client, raw)
    assert '<html lang="en"' in client.get(HOME).content.decode()
