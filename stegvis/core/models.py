"""Abstract base models for what many tables carry, so no model restates it by hand.

Each base adds one thing, and a model inherits only what it really has:

- :class:`CreatedAtModel`, :class:`UpdatedAtModel`, and both as :class:`TimestampedModel`:
  when a row was made and last changed.
- :class:`VersionedModel`: the ``version`` every editable row carries for optimistic locking,
  and :meth:`VersionedModel.save_versioned`, which saves only if no one else saved in between
  (the check itself lives in :mod:`stegvis.core.concurrency`, once).
- :class:`RestrictedModel`: ``objects`` is a :class:`~stegvis.core.access.RestrictedQuerySet`
  manager, so every query for the model's personal data can go through ``restrict()``.
- :class:`Record`: all of the above, what an editable row of personal data carries;
  :class:`RecordedByModel` adds who recorded it.
- :class:`OneTimeLink` and :class:`TranslatedText`: what the one-time links and the
  translations of the template apps (self-assessment and surveys) share.

The fields are declared exactly as the models declared them before, so using a base changes
no column. A model whose field differs (another ``verbose_name``, say) redeclares that field
and still inherits the base, so the tests in ``core/tests/test_base_models.py`` can tell which
models carry what. This module imports no domain app: relations to other apps stay in the models.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core import concurrency
from stegvis.core.access import RestrictedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def staff_reference(verbose_name: "StrOrPromise") -> "models.ForeignKey[Any, Any]":
    """A link to the staff member who created or recorded a row.

    Optional (the system and imports act without one) and kept as empty when the account is
    removed, so the record outlives its author; no reverse accessor on the user.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


class CreatedAtModel(models.Model):
    """When the row was made; set once, by the database save."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class UpdatedAtModel(models.Model):
    """When the row was last saved (``save_versioned`` sets it too, since it bypasses ``save()``)."""

    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TimestampedModel(CreatedAtModel, UpdatedAtModel):
    """When the row was made and last changed."""

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """A row two people may edit at once: a stale save is refused rather than silently lost.

    A form carries the ``version`` it was opened with; :meth:`save_versioned` writes only if
    the stored row still has it. (Templates that are themselves versioned, such as an
    instrument's or a survey's revision number, have a different ``version`` and do not use this.)
    """

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def save_versioned(self, expected_version: int | str | None, fields: Iterable[str]) -> "VersionedModel":
        """Write ``fields`` only if the stored version is still ``expected_version``.

        Raises :class:`~stegvis.core.errors.ConflictError` otherwise; see
        :func:`stegvis.core.concurrency.save_versioned`.
        """
        return concurrency.save_versioned(self, expected_version, fields)


class RestrictedModel(models.Model):
    """A model with personal data: its queries go through ``objects.restrict(user, action)``."""

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True


class Record(TimestampedModel, VersionedModel, RestrictedModel):
    """An editable row of personal data: restricted queries, optimistic locking, timestamps."""

    class Meta:
        abstract = True


class RecordedByModel(models.Model):
    """Who recorded the row; kept (as empty) when the user account is removed."""

    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        abstract = True


class OneTimeLink(CreatedAtModel, RestrictedModel):
    """A one-time link a participant opens on their own phone (self-assessment, surveys).

    These are the fields :mod:`stegvis.participants.onetime_links` works with. Only a hash of the
    token is stored, so the database alone cannot be used to answer in someone's name. The
    enrolment, what the link is for and how its use is recorded stay in each app's model, since
    their related names and meaning differ.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(_("språk"), max_length=8, default="sv")
    channel = models.CharField(_("skickad via"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField(_("giltig till"))

    class Meta:
        abstract = True


class TranslatedText(UpdatedAtModel):
    """A translation of one text of a template (an instrument, a survey) or of one of its questions.

    ``field`` names the translated attribute. ``needs_review`` marks a draft no native speaker
    has checked, so no one mistakes it for a checked text. The template and question keys stay
    in each app's model, with its unique constraint.
    """

    field = models.CharField(max_length=32)
    language = models.CharField(_("språk"), max_length=8)
    text = models.TextField(_("text"))
    needs_review = models.BooleanField(_("behöver granskas"), default=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.field} ({self.language})"
