"""Which consent is in force on a day: the one definition the SUS list, the report and the pages share.

A consent is in force on ``on`` when it was given on or before ``on`` and not withdrawn on or
before it. Withdrawing on a day therefore ends the consent that same day (a SUS list dated the
day of a withdrawal is already anonymous), and a consent given later than ``on`` did not exist
yet on ``on``.
"""

from django.db.models import Exists, OuterRef, Q

from stegvis.consent.models import Consent, ConsentKind


def in_force_q(on, prefix=""):
    """Consents in force on ``on`` (``prefix`` for a lookup through a relation, e.g. ``"consents__"``)."""
    return Q(**{f"{prefix}given_on__lte": on}) & (
        Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": on})
    )


def withdrawn_by_q(on):
    """Consents that had been withdrawn by ``on``."""
    return Q(withdrawn_on__isnull=False, withdrawn_on__lte=on)


def in_force(kind, on):
    """``Exists``: the enrolment (the outer row) has a consent of ``kind`` in force on ``on``."""
    return Exists(Consent.objects.filter(in_force_q(on), enrollment_id=OuterRef("pk"), kind=kind))


def withdrawn(kind, on):
    """``Exists``: the enrolment has a consent of ``kind`` that was withdrawn by ``on``."""
    return Exists(Consent.objects.filter(withdrawn_by_q(on), enrollment_id=OuterRef("pk"), kind=kind))


def without_sus_consent(on):
    """Enrolments that SUS must see anonymously on ``on``: no SUS consent in force then.

    Registered with :func:`stegvis.reports.external.sus.register_sus_anonymity`, so the SUS list,
    its CSV and XLSX and ``stegvis sus`` all follow it.
    """
    return ~in_force(ConsentKind.SUS, on)
