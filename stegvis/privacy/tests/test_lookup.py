"""Finding a person by personnummer or by participant reference."""

import pytest
from django.core.exceptions import ValidationError

from stegvis.participants.models import ParticipantRef
from stegvis.privacy.lookup import AmbiguousReference, find_person

pytestmark = pytest.mark.django_db


def test_by_personnummer_in_either_form(world):
    anna = world.persons["anna"]

    assert find_person("19850101-0204") == anna
    assert find_person("850101-0204") == anna
    assert find_person("19900101-0008") is None


def test_by_reference_and_narrowed_by_organisation(world):
    anna, bo = world.persons["anna"], world.persons["bo"]
    assert find_person("KBA-1") == anna
    ParticipantRef.objects.create(person=bo, organization=bo.refs.get().organization, ref="KBA-1")

    with pytest.raises(AmbiguousReference):
        find_person("KBA-1")
    assert find_person("KBA-1", anna.refs.get(ref="KBA-1").organization) == anna
    assert find_person("okänd") is None


def test_empty_is_a_clear_error(world):
    with pytest.raises(ValidationError):
        find_person("  ")
