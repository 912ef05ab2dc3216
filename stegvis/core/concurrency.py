"""Optimistic locking: every editable record carries a ``version``; a stale save is refused.

The ``version`` field comes from :class:`stegvis.core.models.VersionedModel`, whose
``save_versioned()`` method calls the function here, so the check is written once.
"""

from django.db.models import F

from stegvis.core.errors import ConflictError


def save_versioned(instance, expected_version, fields):
    """Write ``fields`` of ``instance`` only if the stored version is still ``expected_version``.

    One conditional UPDATE, so two simultaneous saves cannot both win. On success the
    instance's ``version`` is the new one; on a stale version :class:`ConflictError` is raised
    and nothing is written.
    """
    values = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        from django.utils import timezone

        values["updated_at"] = instance.updated_at = timezone.now()
    updated = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise ConflictError()
    instance.version = int(expected_version) + 1
    return instance
