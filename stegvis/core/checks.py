"""System checks that keep the access rules complete.

``stegvis.E001`` makes a forgotten row rule a start-up error rather than a silent gap: a model
without a rule returns no rows from ``restrict`` (fail closed), so the mistake would show up as
an empty page at best, and at worst tempt someone to query the model without ``restrict``.
"""

from collections.abc import Iterable
from typing import Any

from django.apps import AppConfig
from django.apps import apps as django_apps
from django.core import checks
from django.db import models

from stegvis.core.access import RestrictedQuerySet, has_rule

#: The models whose rows are people. A model linked to one of them by a foreign key or
#: one-to-one field holds facts about a person, and so personal data.
PERSONAL_DATA_ROOTS = ("participants.Person", "participants.Enrollment")

#: Set ``holds_no_personal_data = True`` on a model class that links to a person or an
#: enrolment but stores nothing about them (say why in a comment beside it).
OPT_OUT_ATTRIBUTE = "holds_no_personal_data"


def _restricted(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager.get_queryset(), RestrictedQuerySet)


def _links_to_a_person(model: type[models.Model]) -> bool:
    for field in model._meta.get_fields(include_parents=True):
        if not isinstance(field, (models.ForeignKey, models.OneToOneField)):
            continue
        if field.related_model is not None and field.related_model._meta.label in PERSONAL_DATA_ROOTS:
            return True
    return False


def holds_personal_data(model: type[models.Model]) -> bool:
    """Whether ``model`` holds personal data, decided mechanically (see :func:`check_row_rules`)."""
    if model._meta.abstract or model._meta.proxy:
        return False
    if _restricted(model):
        return True
    if getattr(model, OPT_OUT_ATTRIBUTE, False):
        return False
    return _links_to_a_person(model)


def check_row_rules(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """``stegvis.E001``: every model that holds personal data has a row rule registered.

    A model holds personal data when either

    - its default manager returns a ``RestrictedQuerySet`` (it asked for ``restrict``), or
    - it is concrete and has a ``ForeignKey`` or ``OneToOneField`` to one of
      :data:`PERSONAL_DATA_ROOTS` (``participants.Person``, ``participants.Enrollment``),
      unless the class sets ``holds_no_personal_data = True`` (:data:`OPT_OUT_ATTRIBUTE`),
      which is for models that link to a person but store nothing about them.

    The rule is registered with :func:`stegvis.core.access.register_rule`, from the owning
    app's ``AppConfig.ready()``.
    """
    configs = app_configs if app_configs is not None else django_apps.get_app_configs()
    errors: list[checks.CheckMessage] = []
    for config in configs:
        for model in config.get_models():
            if holds_personal_data(model) and not has_rule(model):
                errors.append(
                    checks.Error(
                        f"{model._meta.label} holds personal data but has no access rule.",
                        hint=(
                            "Register one with stegvis.core.access.register_rule() in the app's "
                            f"AppConfig.ready(), or set {OPT_OUT_ATTRIBUTE} = True on the model if it "
                            "stores nothing about the person it links to."
                        ),
                        obj=model,
                        id="stegvis.E001",
                    )
                )
    return errors
