"""The task the worker runs for every periodic job, and running a job by hand.

:func:`run_job` is the one way a job runs, whether from the queue (``run_periodic_job``), from
``stegvis run-job`` or from a test: it calls ``func(now)``, keeps the outcome on the job's
:class:`~stegvis.notifications.models.JobState`, and lets an error propagate so the task result
records it. The queued task then schedules the next run whatever happened, so one failure does
not stop the schedule.
"""

import json
import logging

from django.utils import timezone
from django_tasks import task

from stegvis.notifications.models import JobState
from stegvis.notifications.periodic import periodic_job

logger = logging.getLogger("stegvis.notifications")

ERROR_LENGTH = 2000


def _plain(summary):
    """The summary as JSON-safe data (the task result is stored as JSON)."""
    return json.loads(json.dumps(summary if summary is not None else {}, default=str))


def run_job(job, *, task_id=""):
    """Run ``job`` for this moment and keep the outcome; the summary, or the job's exception."""
    started = timezone.now()
    JobState.objects.update_or_create(name=job.name, defaults={"last_started_at": started})
    try:
        summary = _plain(job.func(started))
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        JobState.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(),
            last_ok=False,
            last_summary={},
            last_error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH],
            last_task_id=str(task_id),
        )
        raise
    JobState.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(),
        last_ok=True,
        last_summary=summary,
        last_error="",
        last_task_id=str(task_id),
    )
    return summary


@task(takes_context=True)
def run_periodic_job(context, name):
    """Run the periodic job ``name`` now, then enqueue its next run (also when it failed)."""
    from stegvis.notifications.schedule import ensure_scheduled

    job = periodic_job(name)  # a job no longer registered fails here, and is not rescheduled
    task_id = context.task_result.id
    try:
        return run_job(job, task_id=task_id)
    finally:
        ensure_scheduled(job, exclude_task_id=task_id)
