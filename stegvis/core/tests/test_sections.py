"""The registries other apps use to add to pages they do not own."""

import pytest
from django.urls import reverse

from stegvis.core import sections


@pytest.fixture
def clean_registries(monkeypatch):
    monkeypatch.setattr(sections, "_participant_sections", sections._participant_sections.empty())
    monkeypatch.setattr(sections, "_project_pages", sections._project_pages.empty())


def test_participant_sections_come_in_order_with_their_own_context(clean_registries):
    sections.register_participant_section(
        "b", template="b.html", context=lambda u, p, e: {"who": p}, order=20
    )
    sections.register_participant_section(
        "a", template="a.html", context=lambda u, p, e: {"n": len(e)}, order=10
    )
    assert sections.participant_sections(None, "anna", [1, 2]) == [
        ("a.html", {"n": 2}),
        ("b.html", {"who": "anna"}),
    ]


def test_registering_a_name_again_replaces_it(clean_registries):
    sections.register_project_page("x", label="Ett", url_name="one", order=1)
    sections.register_project_page("x", label="Två", url_name="two", order=1)
    assert [p.label for p in sections.project_pages()] == ["Två"]


def test_participant_page_shows_the_progression_section(world, login_as):
    """The participant page renders the registered sections (progression registers one)."""
    response = login_as(world.users["coord_kba"]).get(
        reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    assert response.status_code == 200
    assert 'id="progression"' in response.content.decode()


def test_project_report_menu_links_to_registered_pages(world, login_as):
    response = login_as(world.users["leader"]).get(
        reverse("reports:project_report", kwargs={"code": world.projects["helhetslyftet"].code})
    )
    html = response.content.decode()
    assert 'class="project-pages"' in html
    for page in sections.project_pages():
        assert reverse(page.url_name, kwargs={"code": world.projects["helhetslyftet"].code}) in html
