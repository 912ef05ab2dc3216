"""The security headers of a response, and what may be cached.

Every page's no-store is checked by the URL walk (``test_url_access.py``); here the headers
themselves, the cases the walk does not reach (static files, an address no view answers, a
downloaded export) and the middleware's rule on its own.
"""

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from stegvis.core.access import Rule, access_rule
from stegvis.core.headers import NoStoreMiddleware

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def test_a_participant_page_carries_every_header(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.get(reverse("participants:detail", args=[world.persons["anna"].pk]))
    assert response.status_code == 200
    assert directives(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"


def test_a_page_without_login_has_the_policy_too(client, db):
    response = client.get(reverse("health"))
    assert directives(response) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"


def test_static_files_stay_cacheable(client, db):
    response = client.get("/static/stegvis/stegvis.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_unknown_address_is_not_cached(world, login_as):
    response = login_as(world.users["coord_kba"]).get("/deltagare/finns-inte/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"


def test_a_downloaded_export_is_not_cached(world, login_as):
    response = login_as(world.users["leader"]).get(
        reverse("reports:sus_list_csv", args=[world.projects["helhetslyftet"].code])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"


def _answer(rule, cache_control=None):
    """What the middleware makes of a view with ``rule`` that set ``cache_control`` itself."""

    @access_rule(rule)
    def view(request):
        response = HttpResponse("x")
        if cache_control:
            response["Cache-Control"] = cache_control
        return response

    request = RequestFactory().get("/x/")
    request.resolver_match = type("Match", (), {"func": view})()
    return NoStoreMiddleware(view)(request)


def test_the_middleware_decides_by_the_access_rule():
    for rule in (Rule.STAFF, Rule.PERSONAL_DATA, Rule.ADMIN):
        # Overrides a view's own caching: a page behind a login is never stored.
        assert _answer(rule, "max-age=3600")["Cache-Control"] == "no-store"
    # A public page is not stored either, unless it says otherwise.
    assert _answer(Rule.PUBLIC)["Cache-Control"] == "no-store"
    assert _answer(Rule.PUBLIC, "max-age=60")["Cache-Control"] == "max-age=60"
