"""The public self-referral pages: languages, protection (rate limit, honeypot, no enumeration), privacy."""

import re

import pytest
from django.urls import reverse

from stegvis.intake import actions
from stegvis.intake.models import IntakeRequest
from stegvis.intake.testing import REQUEST, make_page

pytestmark = pytest.mark.django_db


def form_url(page, lang=None):
    url = reverse("intake:form", args=[page.slug])
    return f"{url}?lang={lang}" if lang else url


def post(client, page, data=None, ip="10.0.0.1", lang=None):
    return client.post(form_url(page, lang), {**REQUEST, **(data or {})}, REMOTE_ADDR=ip)


def test_form_in_swedish_with_a_language_chooser_and_private_headers(world, client):
    page = make_page(world)
    response = client.get(form_url(page))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv" dir="ltr">' in html
    assert "Vill du ha stöd att komma vidare till jobb eller studier?" in html
    for code in ("en", "ar", "prs", "so", "ti", "sw"):
        assert f'href="{form_url(page, code)}"' in html
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]
    # No ids: every link and the form point at the page's public address (or static files).
    for target in re.findall(r'(?:href|action)="([^"]+)"', html):
        assert target.startswith((f"/anmalan/{page.slug}/", "/static/", "#")), target


@pytest.mark.parametrize(
    "lang,rtl", [("ar", True), ("prs", True), ("en", False), ("so", False), ("ti", False), ("sw", False)]
)
def test_form_in_every_participant_language(world, client, lang, rtl):
    html = client.get(form_url(make_page(world), lang)).content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if rtl else "ltr"}">' in html
    assert "Vill du ha stöd att komma vidare" not in html  # translated, not Swedish
    assert f'action="{form_url(make_page(world), lang)}"' in html


def test_unknown_language_falls_back_to_swedish(world, client):
    html = client.get(form_url(make_page(world), "xx")).content.decode()
    assert '<html lang="sv"' in html


def test_submission_is_stored_and_thanks_in_the_same_language(world, client):
    page = make_page(world)
    response = post(client, page, lang="ar")
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:thanks", args=[page.slug]) + "?lang=ar"
    stored = IntakeRequest.objects.get()
    assert (stored.page, stored.name, stored.language) == (page, "Nora Nilsson", "ar")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and 'dir="rtl"' in thanks.content.decode()
    assert "Nora" not in thanks.content.decode()


def test_bad_input_is_shown_at_the_field_in_the_pages_language(world, client):
    page = make_page(world)
    response = post(client, page, {"contact_method": "email", "email": "nej", "age_group": ""}, lang="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert not IntakeRequest.objects.exists()
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert "Skriv en e-postadress" not in html  # the English message, not the Swedish one


def test_honeypot_shows_the_same_thanks_and_stores_nothing(world, client):
    page = make_page(world)
    human = post(client, page, ip="10.0.0.7")
    robot = post(client, page, {"webbplats": "http://spam.example"}, ip="10.0.0.8")
    assert (robot.status_code, robot["Location"]) == (human.status_code, human["Location"])
    assert IntakeRequest.objects.count() == 1
    # Even a robot's invalid form gets the thanks page: nothing tells it the trap was seen.
    robot_bad = post(client, page, {"webbplats": "x", "name": ""}, ip="10.0.0.9")
    assert robot_bad["Location"] == human["Location"]
    assert IntakeRequest.objects.count() == 1


def test_rate_limit_per_address(world, client, settings):
    settings.STEGVIS_INTAKE_RATE = "3/h"
    page = make_page(world)
    for _n in range(3):
        assert post(client, page, ip="10.1.1.1").status_code == 302
    refused = post(client, page, ip="10.1.1.1", lang="so")
    assert refused.status_code == 429
    assert '<html lang="so"' in refused.content.decode()
    assert refused["Cache-Control"] == "no-store"
    assert IntakeRequest.objects.count() == 3
    assert post(client, page, ip="10.2.2.2").status_code == 302  # another address is not limited
    assert IntakeRequest.objects.count() == 4
    assert client.get(form_url(page), REMOTE_ADDR="10.1.1.1").status_code == 200  # reading is not limited


def test_default_rate_is_five_an_hour(world, client):
    page = make_page(world)
    statuses = [post(client, page, ip="10.3.3.3").status_code for _n in range(6)]
    assert statuses == [302] * 5 + [429]


def test_unknown_and_closed_pages_answer_the_same_404(world, client):
    page = make_page(world)
    closed = actions.create_page(
        None,
        organization=world.orgs["kungsbacka"],
        slug="stangd",
        name="Stängd",
        contact="Ring",
        is_active=False,
    )
    for name in ("intake:form", "intake:thanks", "intake:privacy"):
        unknown = client.get(reverse(name, args=["finns-inte"]))
        inactive = client.get(reverse(name, args=[closed.slug]))
        assert unknown.status_code == inactive.status_code == 404
        assert unknown.content.replace(b"finns-inte", b"SLUG") == inactive.content.replace(b"stangd", b"SLUG")
        assert unknown["Cache-Control"] == "no-store"
    assert post(client, closed).status_code == 404
    assert client.get(form_url(page)).status_code == 200
    assert not IntakeRequest.objects.exists()


def test_privacy_notice_names_the_organisation_the_retention_and_the_contact(world, client):
    page = make_page(world)
    actions.set_retention_days(None, world.orgs["kungsbacka"], retention_days=45)
    html = client.get(reverse("intake:privacy", args=[page.slug])).content.decode()
    assert "Kungsbacka kommun är ansvarig" in html
    assert "45 dagar" in html
    assert "Kungsbacka kommun, 0300-83 40 00" in html
    assert "Integritetsskyddsmyndigheten" in html
    english = client.get(reverse("intake:privacy", args=[page.slug]) + "?lang=en").content.decode()
    assert "45" in english and "Kungsbacka kommun" in english
