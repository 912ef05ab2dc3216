"""Import and export jobs: long work that runs in the background while a page shows how it goes.

An :class:`ExchangeJob` is one check, import or export started from the browser. The page that
starts it stores the uploaded files in the job's own folder (:func:`job_folder`, under
``STEGVIS_JOB_FILES_DIR``, never served by the web server), queues the task
(:mod:`stegvis.exchange.jobs`) and sends the user to the job's page, which reads the counts from
this row. The files are removed when the job no longer needs them (see ``docs/privacy.md``): at
once after an import or a failed check, after ``STEGVIS_JOB_FILES_HOURS`` for a check that went
well (so the same files can be imported with one click) and for an export's file.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel, RestrictedModel, UpdatedAtModel, staff_reference


class JobKind(models.TextChoices):
    CHECK = "check", _("Kontroll")
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


class JobStatus(models.TextChoices):
    WAITING = "waiting", _("Väntar på att starta")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class JobStage(models.TextChoices):
    NONE = "", _("Inte startad")
    CHECK = "check", _("Kontrollerar raderna")
    WRITE = "write", _("Sparar raderna")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class ExchangeJob(CreatedAtModel, UpdatedAtModel, RestrictedModel):
    """One check, import or export, its progress and its outcome (the page's summary and errors)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("typ"), max_length=8, choices=JobKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.WAITING, db_index=True
    )
    user = staff_reference(_("startad av"))
    project = models.ForeignKey(
        "organizations.Project",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("projekt"),
    )
    # The check whose files this import reuses ("Importera" after a check that went well): one import per check.
    source = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up",
        verbose_name=_("kontroll"),
    )
    stage = models.CharField(_("steg"), max_length=8, choices=JobStage.choices, blank=True, default="")
    rows_checked = models.PositiveIntegerField(_("kontrollerade rader"), default=0)
    rows_written = models.PositiveIntegerField(_("sparade rader"), default=0)
    errors = models.PositiveIntegerField(_("fel hittills"), default=0)
    total = models.PositiveIntegerField(_("rader i steget"), null=True, blank=True)
    files = models.JSONField(_("filer"), default=list, blank=True)  # names of the stored files
    files_removed_at = models.DateTimeField(_("filerna raderade"), null=True, blank=True)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import- eller exportjobb")
        verbose_name_plural = _("import- och exportjobb")

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def has_files(self) -> bool:
        """The uploads (or an export's file) are still kept on the server."""
        return self.files_removed_at is None and bool(self.files or self.result.get("file"))

    @property
    def ok(self) -> bool:
        """Finished without errors."""
        return self.status == JobStatus.DONE and not self.result.get("errors_total")

    @property
    def can_import(self) -> bool:
        """A check that went well, whose files are still here and that was not imported already."""
        return self.kind == JobKind.CHECK and self.ok and self.has_files and not hasattr(self, "follow_up")

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        done = self.rows_written if self.stage == JobStage.WRITE else self.rows_checked
        return min(100, round(100 * done / self.total))

    def folder(self) -> Path:
        return job_folder(self.pk)


def job_folder(job_id) -> Path:
    """Where the files of job ``job_id`` are kept (not under anything the web server serves)."""
    return Path(settings.STEGVIS_JOB_FILES_DIR) / str(job_id)
