"""Imports, checks and exports started in the browser, run by the background worker.

The page calls :func:`start_import` or :func:`start_export`: the job row is written, the uploaded
files are stored in the job's folder (:func:`stegvis.exchange.models.job_folder`), and the task
:func:`run_exchange_job` is queued when the transaction commits. The worker (``stegvis worker``)
runs it: it takes the job with one conditional UPDATE (so a task delivered twice runs it once),
runs the importer or the exporter, and writes the counts to the job row as they come in, at most
once every ``STEGVIS_JOB_PROGRESS_SECONDS``, so the progress page can show them.

The counts are written on their own database connection, from a small thread: the import's
writes happen inside one transaction, and counts written inside it would stay invisible until it
ends (and vanish with a dry run's rollback). On SQLite the import holds the database's one write
lock while it writes, so there the rows written show when the write ends (the check's counts show
as they come). When the task runs inside a transaction already (the immediate test backend), the
counts are written in place.

The files are removed as soon as the job no longer needs them (:func:`remove_files`) and by the
hourly :func:`clean_up` (docs/privacy.md).
"""

import datetime
import logging
import shutil
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from stegvis.core.downloads import safe_filename
from stegvis.core.routers import reading_from_replica
from stegvis.exchange import readers
from stegvis.exchange.exporter import export_project
from stegvis.exchange.importer import import_sources
from stegvis.exchange.models import ExchangeJob, JobKind, JobStage, JobStatus, job_folder
from stegvis.exchange.progress import CHECK

logger = logging.getLogger("stegvis.exchange")

FILES = "files"  # the uploads, inside the job's folder
OUTPUT = "output"  # an export's file, inside the job's folder


# --- starting a job -----------------------------------------------------------------------------


def start_import(user, uploads, *, dry_run):
    """A check (``dry_run``) or import of ``uploads`` (Django's uploaded files) as ``user``; the job."""
    job = ExchangeJob(kind=JobKind.CHECK if dry_run else JobKind.IMPORT, user=user)
    folder = job_folder(job.pk) / FILES
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for upload in uploads:
        name = safe_filename(upload.name)
        with open(folder / name, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        names.append(name)
    job.files = names
    return _queue(job)


def start_import_after_check(check, user):
    """Import the files of ``check`` (a check that went well) as a new job; ``None`` if it cannot be."""
    if not check.can_import:
        return None
    job = ExchangeJob(kind=JobKind.IMPORT, user=user, source=check, files=check.files)
    with transaction.atomic():
        # One import per check: taking the check's files is one conditional UPDATE (a second
        # click, or the clean-up since the page was shown, finds them gone), and the one-to-one
        # ``source`` refuses a second import of the same check.
        if not ExchangeJob.objects.filter(pk=check.pk, files_removed_at__isnull=True).update(
            files_removed_at=timezone.now()
        ):
            return None
        # The files move to the new job's folder before its task is queued (at commit).
        job_folder(job.pk).mkdir(parents=True, exist_ok=True)
        job_folder(check.pk).joinpath(FILES).rename(job_folder(job.pk) / FILES)
        shutil.rmtree(job_folder(check.pk), ignore_errors=True)
        _queue(job)
    return job


def start_export(user, project):
    """An export of ``project`` in the exchange format (a .zip) as ``user``; the job."""
    return _queue(ExchangeJob(kind=JobKind.EXPORT, user=user, project=project))


def _queue(job):
    with transaction.atomic():
        job.save()
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id):
    task_id = str(run_exchange_job.enqueue(str(job_id)).id)
    ExchangeJob.objects.filter(pk=job_id, task_id="").update(task_id=task_id)


# --- running it ---------------------------------------------------------------------------------


@task()
def run_exchange_job(job_id):
    """Run job ``job_id`` if it is still waiting; its summary for the task's result."""
    taken = ExchangeJob.objects.filter(pk=job_id, status=JobStatus.WAITING).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not taken:
        return {"skipped": f"job {job_id} is not waiting"}
    job = ExchangeJob.objects.select_related("user", "project").get(pk=job_id)
    try:
        if job.kind == JobKind.EXPORT:
            result = _run_export(job)
        else:
            result = _run_import(job)
    except Exception:
        logger.exception("exchange job %s failed", job_id)
        _finish(
            job,
            JobStatus.FAILED,
            {
                "errors": [
                    ["", None, "", _("Jobbet avbröts av ett oväntat fel. Ingenting sparades. Försök igen.")]
                ],
                "errors_total": 1,
            },
            keep_files=False,
        )
        raise
    return {"status": job.status, "errors": result.get("errors_total", 0)}


def _run_import(job):
    folder = job_folder(job.pk) / FILES
    recorder = ProgressRecorder(job.pk)
    try:
        try:
            stored = sorted(folder.iterdir())
            if len(stored) == 1 and stored[0].suffix.lower() == ".zip":
                sources = readers.sources_from_path(stored[0])
            else:
                sources = readers.sources_from_path(folder)
        except readers.SourceError as exc:
            summary = {
                "errors": [[", ".join(job.files), None, "", str(exc)]],
                "errors_total": 1,
                "dry_run": job.kind == JobKind.CHECK,
            }
        else:
            result = import_sources(
                sources, user=job.user, dry_run=job.kind == JobKind.CHECK, progress=recorder
            )
            summary = result_summary(result)
    finally:
        recorder.close()
    # A check that went well keeps its files for "Importera"; anything else is done with them.
    keep = job.kind == JobKind.CHECK and not summary.get("errors_total")
    _finish(job, JobStatus.DONE, summary, keep_files=keep, counts=recorder.latest)
    return summary


def _run_export(job):
    out = job_folder(job.pk) / OUTPUT
    with reading_from_replica():
        paths, counts = export_project(job.project, out, user=job.user, as_zip=True)
    summary = {
        "file": paths[0].name,
        "tables": counts,
        "errors_total": 0,
    }
    rows = sum(summary["tables"].values())
    _finish(job, JobStatus.DONE, summary, keep_files=True, counts=(JobStage.WRITE, rows, rows, rows, 0))
    return summary


def result_summary(result):
    """An :class:`~stegvis.exchange.importer.ImportResult` as JSON for the job row (what the page shows)."""
    return {
        "dry_run": result.dry_run,
        "files": list(result.files),
        "counts": [[name, c.created, c.updated, c.unchanged] for name, c in result.counts.items()],
        "notes": [str(note) for note in result.notes],
        "errors": [_problem(p) for p in result.errors],
        "errors_total": result.errors.total,
        "errors_more": result.errors.more,
        "warnings": [_problem(p) for p in result.warnings],
        "warnings_total": result.warnings.total,
        "warnings_more": result.warnings.more,
    }


def _problem(p):
    return [p.file, p.line, p.column, str(p.message)]


def _finish(job, status, summary, *, keep_files, counts=None):
    fields = {"status": status, "finished_at": timezone.now(), "result": summary}
    if counts is not None:
        stage, checked, written, total, _errors = counts
        fields.update(stage=stage, rows_checked=checked, rows_written=written, total=total)
    fields["errors"] = summary.get("errors_total", 0)
    ExchangeJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)
    if not keep_files:
        remove_files(job)


def remove_files(job):
    """Delete the job's stored files (uploads and output) and note when."""
    shutil.rmtree(job_folder(job.pk), ignore_errors=True)
    if job.files_removed_at is None:
        job.files_removed_at = timezone.now()
        ExchangeJob.objects.filter(pk=job.pk).update(files_removed_at=job.files_removed_at)


# --- progress -----------------------------------------------------------------------------------


class ProgressRecorder:
    """The importer's ``progress`` callback for a job: keeps the latest counts, and writes them
    to the job row at most every ``STEGVIS_JOB_PROGRESS_SECONDS`` (see the module docstring)."""

    def __init__(self, job_id, *, every=None):
        self.job_id = job_id
        self.every = settings.STEGVIS_JOB_PROGRESS_SECONDS if every is None else every
        # (stage, rows checked, rows written, total of the stage, errors)
        self.latest = (JobStage.NONE, 0, 0, None, 0)
        self.saved = None
        self.lock = threading.Lock()
        self.in_place = connection.in_atomic_block
        self.last_write = float("-inf")
        self.stopping = threading.Event()
        self.thread = None
        if not self.in_place:
            self.thread = threading.Thread(target=self._loop, name=f"stegvis-job-{job_id}", daemon=True)
            self.thread.start()

    def __call__(self, stage, done, total, errors):
        _stage, checked, written, _total, _errors = self.latest
        if stage == CHECK:
            latest = (JobStage.CHECK, done, written, total, errors)
        else:
            latest = (JobStage.WRITE, checked, done, total, errors)
        with self.lock:
            self.latest = latest
        if self.in_place and time.monotonic() - self.last_write >= self.every:
            self._save()

    def _save(self):
        with self.lock:
            latest = self.latest
        if latest == self.saved:
            return
        stage, checked, written, total, errors = latest
        ExchangeJob.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
            stage=stage, rows_checked=checked, rows_written=written, total=total, errors=errors
        )
        self.saved = latest
        self.last_write = time.monotonic()

    def _loop(self):
        try:
            while not self.stopping.wait(self.every):
                try:
                    if connection.vendor == "sqlite":
                        # Never wait for SQLite's write lock: while the import holds it, skip the beat.
                        with connection.cursor() as cursor:
                            cursor.execute("PRAGMA busy_timeout = 0")
                    self._save()
                except Exception:  # the next beat tries again; the job itself goes on
                    close_old_connections()
        finally:
            connections.close_all()  # this thread's own connections

    def close(self):
        if self.thread is not None:
            self.stopping.set()
            self.thread.join(timeout=30)


# --- clean-up -----------------------------------------------------------------------------------


def clean_up(now=None):
    """Remove the files jobs keep past ``STEGVIS_JOB_FILES_HOURS``, and jobs past ``STEGVIS_JOB_KEEP_DAYS``.

    The periodic job ``exchange.job_files`` (hourly). A job that is still waiting or running
    keeps its files whatever its age.
    """
    now = now or timezone.now()
    files_before = now - datetime.timedelta(hours=settings.STEGVIS_JOB_FILES_HOURS)
    rows_before = now - datetime.timedelta(days=settings.STEGVIS_JOB_KEEP_DAYS)
    finished = ExchangeJob.objects.filter(status__in=[JobStatus.DONE, JobStatus.FAILED])
    files_removed = 0
    for job in finished.filter(files_removed_at__isnull=True, finished_at__lt=files_before):
        remove_files(job)
        files_removed += 1
    old = finished.filter(finished_at__lt=rows_before)
    for job in old.filter(files_removed_at__isnull=True):
        remove_files(job)
    jobs_removed, _by_model = old.delete()
    # Folders without a job (left by a crash between storing files and saving the row).
    orphans = 0
    root = settings.STEGVIS_JOB_FILES_DIR
    if root.is_dir():
        known = {str(pk) for pk in ExchangeJob.objects.values_list("pk", flat=True)}
        for folder in root.iterdir():
            if (
                folder.is_dir()
                and folder.name not in known
                and folder.stat().st_mtime < files_before.timestamp()
            ):
                shutil.rmtree(folder, ignore_errors=True)
                orphans += 1
    return {"files_removed": files_removed, "jobs_removed": jobs_removed, "orphan_folders": orphans}
