"""What the notifications app keeps: the log of messages, staff reminder choices, job state.

- :class:`MessageLog`: one row per message handed over (or refused), written from the
  ``core.messaging.message_sent`` signal. It keeps the address masked and the text with one-time
  links redacted, so the log itself can never be used to answer in a participant's name.
- :class:`ReminderPreference` and :class:`ReminderDigest`: whether a staff member wants the
  reminder e-mail daily, weekly or not at all, and which days one was sent (one per day at most).
- :class:`JobState`: the last run of each periodic job, for the worker page and for working out
  the next run after a restart.
- :class:`PeriodicRun`: the schedule and the log of the periodic jobs, one row per run. Its two
  constraints make "every due run happens once, and every job has its next run waiting" a fact
  the database keeps, however many workers and web servers share it (see ``docs/worker.md``).
- :class:`WorkerHeartbeat`: each running ``stegvis worker`` saying it is alive, read by ``/halsa/``
  and by the other workers (a run held by a worker that stopped beating is handed back).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import RestrictedModel, UpdatedAtModel


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-post")


class Status(models.TextChoices):
    SENT = "sent", _("Skickat")
    FAILED = "failed", _("Misslyckades")


class MessageLog(RestrictedModel):
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices)
    kind = models.CharField(_("typ"), max_length=50, blank=True, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages_received",
        verbose_name=_("mottagare (personal)"),
    )
    # A participant's messages go with the participant when their data is deleted.
    person = models.ForeignKey(
        "participants.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("deltagare"),
    )
    address = models.CharField(_("adress"), max_length=254, help_text=_("Maskerad."))
    subject = models.CharField(_("ämne"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True, help_text=_("Engångslänkar är borttagna."))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, db_index=True)
    error = models.CharField(_("fel"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("skickat meddelande")
        verbose_name_plural = _("meddelandelogg")
        indexes = [models.Index(fields=["recipient", "at"]), models.Index(fields=["person", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.address} {self.status}"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Varje dag")
    WEEKLY = "weekly", _("En gång i veckan (måndagar)")
    OFF = "off", _("Aldrig")


class ReminderPreference(UpdatedAtModel):
    """A staff member's choice; without a row, the digest comes daily."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_preference",
        verbose_name=_("användare"),
    )
    frequency = models.CharField(
        _("påminnelser via e-post"), max_length=8, choices=Frequency.choices, default=Frequency.DAILY
    )
    # Redeclared to keep its label (the base field has none).
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("val för påminnelser")
        verbose_name_plural = _("val för påminnelser")

    def __str__(self):
        return f"{self.user} {self.frequency}"


class ReminderDigest(models.Model):
    """That a digest went to ``user`` on ``day``: the unique pair makes a second run a no-op."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    day = models.DateField(_("dag"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    counts = models.JSONField(_("antal"), default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]
        verbose_name = _("påminnelsebrev")
        verbose_name_plural = _("påminnelsebrev")

    def __str__(self):
        return f"{self.user_id} {self.day}"


class JobState(models.Model):
    """The last run of one periodic job (the task results hold every run; this is the summary)."""

    name = models.CharField(_("jobb"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("senast startad"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("senast klar"), null=True, blank=True)
    last_ok = models.BooleanField(_("lyckades"), null=True)
    last_summary = models.JSONField(_("resultat"), default=dict, blank=True)
    last_error = models.TextField(_("fel"), blank=True)
    last_task_id = models.CharField(_("uppgift"), max_length=64, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("jobbstatus")
        verbose_name_plural = _("jobbstatus")

    def __str__(self):
        return self.name


class RunStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("väntar")
    RUNNING = "running", _("körs")
    DONE = "done", _("klar")
    FAILED = "failed", _("misslyckades")


OPEN_STATUSES = (RunStatus.SCHEDULED, RunStatus.RUNNING)
"""A run not finished yet: a job has at most one (the ``one_open_run_per_job`` constraint)."""


class PeriodicRun(models.Model):
    """One run of a periodic job: waiting for its time, taken by a worker, finished.

    The open run of a job *is* its place on the schedule; the queued task (``task_id``) only wakes
    a worker at ``due_at``. A worker takes the run with one conditional UPDATE (still waiting, and
    still meant for this task), so however often a task is delivered the job runs once. When it
    finishes, the same transaction closes it and adds the next run.
    """

    job = models.CharField(_("jobb"), max_length=100)
    due_at = models.DateTimeField(_("planerad"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.SCHEDULED
    )
    task_id = models.CharField(_("uppgift"), max_length=64, blank=True)
    worker = models.CharField(_("arbetare"), max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    summary = models.JSONField(_("resultat"), default=dict, blank=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        ordering = ["-due_at", "-pk"]
        verbose_name = _("jobbkörning")
        verbose_name_plural = _("jobbkörningar")
        constraints = [
            models.UniqueConstraint(fields=["job", "due_at"], name="one_run_per_job_and_due_time"),
            models.UniqueConstraint(
                fields=["job"], condition=Q(status__in=OPEN_STATUSES), name="one_open_run_per_job"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.job} {self.due_at:%Y-%m-%d %H:%M} {self.status}"


class WorkerHeartbeat(models.Model):
    """A running ``stegvis worker``: when it started, when it last said it was alive, when it stopped.

    ``worker`` is the host, the process id and a short random part (a process id is reused after a
    restart; the random part keeps a new process from vouching for the runs of a dead one).
    """

    worker = models.CharField(_("arbetare"), max_length=100, unique=True)
    host = models.CharField(_("dator"), max_length=100)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("startad"))
    last_seen = models.DateTimeField(_("senast hörd"), db_index=True)
    stopped_at = models.DateTimeField(_("stoppad"), null=True, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("arbetarens livstecken")
        verbose_name_plural = _("arbetarnas livstecken")

    def __str__(self):
        return self.worker
