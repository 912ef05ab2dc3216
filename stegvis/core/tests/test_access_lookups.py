"""The one-object questions of stegvis.core.access: get_restricted_or_404, may and works_on."""

import pytest
from django.http import Http404

from stegvis.core.access import CHANGE, VIEW, get_restricted_or_404, may, works_on
from stegvis.participants.models import Enrollment, Person


def test_get_restricted_or_404_returns_visible_rows_and_hides_the_rest(world):
    anna, bo = world.persons["anna"], world.persons["bo"]
    coordinator = world.users["coord_kba"]
    assert get_restricted_or_404(Person, coordinator, VIEW, pk=anna.pk) == anna
    queryset = Enrollment.objects.select_related("person")
    enrollment = get_restricted_or_404(queryset, coordinator, CHANGE, pk=world.enrollments["anna"].pk)
    assert enrollment.person == anna
    with pytest.raises(Http404):
        get_restricted_or_404(Person, coordinator, VIEW, pk=bo.pk)
    with pytest.raises(Http404, match="Finns inte"):
        get_restricted_or_404(Person, world.users["evaluator"], VIEW, pk=anna.pk, not_found="Finns inte")
    with pytest.raises(Http404):
        get_restricted_or_404(Person, None, VIEW, pk=anna.pk)


def test_may_answers_like_restrict(world):
    anna, bo = world.persons["anna"], world.persons["bo"]
    project = world.projects["helhetslyftet"]
    assert may(world.users["coord_kba"], VIEW, anna)
    assert not may(world.users["coord_kba"], VIEW, bo)
    assert may(world.users["leader"], CHANGE, project)
    assert not may(world.users["coord_kba"], CHANGE, project)
    assert not may(None, VIEW, anna)


def test_works_on(world):
    u, p, o = world.users, world.projects, world.orgs
    helhet, spik = p["helhetslyftet"], p["spik"]
    assert works_on(u["admin"], spik, o["kungsbacka"])
    assert works_on(u["leader"], helhet, o["molndal"])
    assert not works_on(u["leader"], spik, o["vaxjo"])
    assert works_on(u["coord_kba"], helhet, o["kungsbacka"])
    assert not works_on(u["coord_kba"], helhet, o["molndal"])
    assert not works_on(u["coord_kba"], spik, o["kungsbacka"])
    # A coordinator for all the organisation's projects; ids work as well as objects.
    assert works_on(u["coord_spik"], spik.pk, o["vaxjo"].pk)
    assert not works_on(u["coord_spik"], spik, o["af"])
    assert not works_on(u["evaluator"], helhet, o["kungsbacka"])
    assert not works_on(None, helhet, o["kungsbacka"])
