"""The participant page's own menu and its common tasks at the top."""

import datetime

import pytest
from django.urls import reverse

from stegvis.participants import actions

pytestmark = pytest.mark.django_db


def page(client, world, who="anna"):
    return client.get(reverse("participants:detail", args=[world.persons[who].pk])).content.decode()


def test_the_page_menu_links_every_labelled_section(world, login_as):
    html = page(login_as(world.users["coord_kba"]), world)
    assert 'aria-label="På den här sidan"' in html
    for label, anchor in [
        ("Uppgifter", "#details-h"),
        ("Inskrivningar", "#enrol-h"),
        ("Kontakter", "#del-contacts"),
        ("Stegförflyttning", "#del-progression"),
        ("Kartläggning och plan", "#del-casework"),
        ("Samtycken", "#del-consent"),
    ]:
        assert f'<a href="{anchor}">{label}</a>' in html, label
        if anchor.startswith("#del-"):
            assert f'id="{anchor[1:]}"' in html


def test_common_tasks_for_each_ongoing_enrolment_the_user_may_change(world, login_as):
    enrollment = world.enrollments["anna"]
    html = page(login_as(world.users["coord_kba"]), world)
    assert reverse("contacts:log", args=[enrollment.pk]) + "#ny-kontakt" in html
    assert reverse("progression:measurement_create", args=[enrollment.pk]) in html
    assert reverse("casework:plan", args=[enrollment.pk]) in html
    assert 'aria-label="Vanliga uppgifter"' in html
    # An ended enrolment has none.
    actions.register_exit(
        None,
        enrollment,
        version=enrollment.version,
        end_date=datetime.date(2023, 6, 30),
        exit_reason="arbete",
    )
    assert 'aria-label="Vanliga uppgifter"' not in page(login_as(world.users["coord_kba"]), world)
