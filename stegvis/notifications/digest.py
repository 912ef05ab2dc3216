"""The reminder e-mail to staff: once a day (or once a week), how many things are due, with links.

The periodic job ``notifications.reminders`` runs every morning. For each active staff member
with access to personal data and an e-mail address, it asks every registered reminder source
(:func:`stegvis.notifications.reminders.reminder_sources`) how many things are due for them today,
and sends one e-mail if anything is. The e-mail has counts and links, never a participant's
name, so it carries no personal data out of the system.

Once per day: a :class:`~stegvis.notifications.models.ReminderDigest` row (unique per user and
day) is written before sending, so a second run the same day sends nothing; if the send fails
the row is removed again, so the next run tries once more.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from stegvis.audit.log import AuditAction, record
from stegvis.core import messaging
from stegvis.notifications.models import Frequency, ReminderDigest, ReminderPreference
from stegvis.notifications.reminders import reminder_sources

logger = logging.getLogger("stegvis.notifications")

JOB_NAME = "notifications.reminders"
WEEKLY_ON = 0  # Monday


def base_url():
    """Where Stegvis answers, for links in e-mails (``settings.STEGVIS_BASE_URL``)."""
    return settings.STEGVIS_BASE_URL.rstrip("/")


def send_time():
    """The local time of day the job runs (``settings.STEGVIS_REMINDER_HOUR``, default 07:00)."""
    return datetime.time(int(settings.STEGVIS_REMINDER_HOUR))


def absolute(url_name):
    return base_url() + reverse(url_name)


def recipients():
    """Active users with access to personal data and an e-mail address, with their frequency."""
    from stegvis.organizations.models import Role

    personal = Q(is_superuser=True) | Q(
        staff_roles__role__in=[Role.ADMINISTRATOR, Role.PROJECT_LEADER, Role.COORDINATOR]
    )
    ids = get_user_model().objects.filter(personal).values("pk")
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .exclude(email="")
        .select_related("reminder_preference")
        .order_by("pk")
    )


def frequency_of(user):
    try:
        return user.reminder_preference.frequency
    except ReminderPreference.DoesNotExist:
        return Frequency.DAILY


def wanted_on(frequency, today):
    """Does a user with ``frequency`` get a digest on ``today``?"""
    if frequency == Frequency.OFF:
        return False
    return frequency == Frequency.DAILY or today.weekday() == WEEKLY_ON


def due_counts(user, today, errors=None):
    """``[(source, n)]`` of every source with something due for ``user`` (one query or so per source).

    A source that fails is left out (and logged, and its name added to ``errors``), so one
    broken source does not keep everyone's reminders from going out.
    """
    due = []
    for source in reminder_sources():
        try:
            with transaction.atomic():  # a failed query must not spoil the rest on PostgreSQL
                n = source.count(user, today)
        except Exception:
            logger.exception("reminder source %s failed", source.name)
            if errors is not None:
                errors.add(source.name)
            continue
        if n:
            due.append((source, n))
    return due


def message(user, due, today, frequency=Frequency.DAILY):
    """``(subject, text)`` of the digest: counts and links, never a participant's name."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Stegvis: att göra %(date)s") % {"date": today.isoformat()}
        lines = [
            _("Hej %(name)s!") % {"name": user.first_name or user.get_username()},
            "",
            _("Det här väntar på dig i Stegvis i dag:"),
            "",
        ]
        for source, n in due:
            lines.append(f"- {source.label}: {n}")
            if source.url_name:
                lines.append(f"  {absolute(source.url_name)}")
        lines += [
            "",
            _(
                "Logga in för att se vilka det gäller. Av hänsyn till deltagarnas integritet står inga namn i e-posten."
            ),
            "",
            _("Du får det här brevet %(how)s. Ändra det här: %(url)s")
            % {
                "how": _("varje dag") if frequency == Frequency.DAILY else _("varje måndag"),
                "url": absolute("notifications:preferences"),
            },
        ]
    return subject, "\n".join(lines)


def _claim(user, today, due):
    """Write today's digest row; ``None`` if another run already did."""
    try:
        with transaction.atomic():
            return ReminderDigest.objects.create(
                user=user, day=today, counts={source.name: n for source, n in due}
            )
    except IntegrityError:
        return None


def send_digests(now):
    """The periodic job: send today's digests; a summary of counts (see module docstring)."""
    today = timezone.localdate(now)
    summary = {"sent": 0, "failed": 0, "nothing_due": 0, "already_sent": 0, "not_today": 0}
    errors = set()
    already = set(ReminderDigest.objects.filter(day=today).values_list("user_id", flat=True))
    for user in recipients():
        frequency = frequency_of(user)
        if not wanted_on(frequency, today):
            summary["not_today"] += 1
            continue
        if user.pk in already:
            summary["already_sent"] += 1
            continue
        due = due_counts(user, today, errors)
        if not due:
            summary["nothing_due"] += 1
            continue
        digest = _claim(user, today, due)
        if digest is None:
            summary["already_sent"] += 1
            continue
        subject, text = message(user, due, today, frequency)
        try:
            messaging.send_email(user.email, subject, text, kind="reminder", recipient=user)
        except messaging.SendError:
            digest.delete()
            summary["failed"] += 1
            continue
        summary["sent"] += 1
    record(
        None,
        AuditAction.EXPORT,
        object_type="notifications.reminderdigest",
        object_id=today.isoformat(),
        detail=_("Påminnelser %(date)s: %(sent)s skickade, %(failed)s misslyckade")
        % {"date": today.isoformat(), "sent": summary["sent"], "failed": summary["failed"]},
    )
    if errors:
        summary["failed_sources"] = sorted(errors)
    return summary


def register_job():
    from stegvis.notifications.periodic import register_periodic

    register_periodic(
        JOB_NAME,
        send_digests,
        every=datetime.timedelta(days=1),
        at=send_time(),
        description=_lazy("Påminnelser via e-post till personalen: hur mycket som väntar, utan namn."),
    )
