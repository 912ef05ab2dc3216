"""The shared fields come from the base models in ``core/models.py``, never restated by hand.

If one of these fails for a new model, inherit the base rather than declaring the field.
"""

import pytest
from django.apps import apps

from stegvis.core.access import RestrictedQuerySet
from stegvis.core.errors import ConflictError
from stegvis.core.models import (
    CreatedAtModel,
    OneTimeLink,
    Record,
    RestrictedModel,
    TranslatedText,
    UpdatedAtModel,
    VersionedModel,
)
from stegvis.participants.models import Person

# Templates whose ``version`` is their revision number (same code, new version), not a lock.
TEMPLATE_REVISIONS = {"progression.instrument", "surveys.survey"}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("stegvis.")]


def _has(model, name):
    return any(f.name == name for f in model._meta.concrete_fields)


def test_the_project_has_models_to_check():
    assert len(_project_models()) > 40


def test_every_locked_version_comes_from_versioned_model():
    for model in _project_models():
        if not _has(model, "version"):
            continue
        if model._meta.label_lower in TEMPLATE_REVISIONS:
            assert not issubclass(model, VersionedModel), model
        else:
            assert issubclass(model, VersionedModel), model


def test_every_timestamp_comes_from_a_timestamp_base():
    for model in _project_models():
        if _has(model, "created_at"):
            assert issubclass(model, CreatedAtModel), model
        if _has(model, "updated_at"):
            assert issubclass(model, UpdatedAtModel), model


def test_every_restricted_manager_comes_from_restricted_model():
    restricted = [m for m in _project_models() if isinstance(m._default_manager.all(), RestrictedQuerySet)]
    assert len(restricted) > 25
    for model in restricted:
        assert issubclass(model, RestrictedModel), model


def test_editable_rows_of_personal_data_use_the_record_base():
    for model in _project_models():
        stamped = all(_has(model, name) for name in ("version", "created_at", "updated_at"))
        if (
            stamped
            and issubclass(model, RestrictedModel)
            and model._meta.label_lower not in TEMPLATE_REVISIONS
        ):
            assert issubclass(model, Record), model


def test_one_time_links_and_translations_share_their_bases():
    for model in _project_models():
        if _has(model, "token_hash") and _has(model, "expires_at"):
            assert issubclass(model, OneTimeLink), model
        if _has(model, "needs_review"):
            assert issubclass(model, TranslatedText), model
    labels = {m._meta.label for m in _project_models() if issubclass(m, OneTimeLink | TranslatedText)}
    assert {"progression.SelfAssessmentLink", "surveys.SurveyLink"} <= labels
    assert {"progression.InstrumentText", "surveys.SurveyText"} <= labels


@pytest.mark.django_db
def test_save_versioned_writes_and_counts_the_version(world):
    person = Person.objects.get(pk=world.persons["anna"].pk)
    opened = person.version
    person.phone = "0701234567"
    person.save_versioned(opened, ["phone"])
    assert person.version == opened + 1
    stored = Person.objects.get(pk=person.pk)
    assert (stored.phone, stored.version) == ("0701234567", opened + 1)


@pytest.mark.django_db
def test_save_versioned_refuses_a_stale_version(world):
    first = Person.objects.get(pk=world.persons["anna"].pk)
    second = Person.objects.get(pk=first.pk)
    opened = first.version
    first.phone = "0701111111"
    first.save_versioned(opened, ["phone"])
    second.phone = "0702222222"
    with pytest.raises(ConflictError):
        second.save_versioned(opened, ["phone"])
    stored = Person.objects.get(pk=first.pk)
    assert (stored.phone, stored.version) == ("0701111111", opened + 1)
