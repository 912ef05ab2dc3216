"""The integration-support mark of a catalogue entry (the AMIF figures' areas)."""

import pytest

from stegvis.core.errors import ActionError
from stegvis.interventions.models import Category, IntegrationSupport, Kind
from stegvis.interventions.testing import catalogue_entry

pytestmark = pytest.mark.django_db


def test_an_entry_is_marked_as_integration_support(world):
    entry = catalogue_entry(
        world,
        name="Svenska på jobbet",
        category=Category.KOMPETENSHOJANDE,
        kind=Kind.KURS,
        integration_support=IntegrationSupport.LANGUAGE_COURSE,
    )
    entry.refresh_from_db()
    assert entry.integration_support == "sprakkurs"


def test_an_unknown_mark_is_refused_at_the_field(world):
    with pytest.raises(ActionError) as error:
        catalogue_entry(world, name="Kurs", kind=Kind.KURS, integration_support="musik")
    assert "integration_support" in error.value.message_dict
