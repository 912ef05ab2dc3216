"""Pages of the notifications app under /meddelanden/: the message log, reminder choices, the worker.

- The message log lists rows from :func:`~stegvis.notifications.access.visible_messages` only;
  opening it is audited (one entry for the page with its filters, one per participant shown).
- The reminder page belongs to the logged-in user: it shows what today's e-mail would say and
  lets them choose daily, weekly or none.
- The worker page (administrators) shows each periodic job's last and next run, the queue, the
  running workers and failed runs; "Kör nu" goes through :func:`~stegvis.notifications.actions.run_job_now`.
"""

import datetime

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stegvis.audit.log import record_list
from stegvis.core.access import Rule, access_rule, scope_of
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form
from stegvis.notifications import actions, digest, heartbeat, schedule
from stegvis.notifications.access import visible_messages
from stegvis.notifications.forms import LogFilterForm, PreferenceForm
from stegvis.notifications.models import JobState, PeriodicRun, RunStatus, WorkerHeartbeat
from stegvis.notifications.periodic import periodic_jobs
from stegvis.notifications.tables import MessageLogTable

PER_PAGE = 50
FAILED_SHOWN = 10
WORKERS_SHOWN = 10
STALLED_AFTER = datetime.timedelta(minutes=5)
"""A run due this long without a worker taking it means no worker is running: the page says so."""


def _audit_log_read(user, form, params, rows, total):
    persons = {row.person_id: row.person for row in rows if row.person_id is not None}
    record_list(
        user,
        "notifications.messagelog",
        detail=f"Meddelandelogg: {form.describe() or 'alla'}",
        params=params,
        shown=len(rows),
        total=total,
        persons=persons.values(),
        person_detail=_("Meddelandelogg"),
    )


@access_rule(Rule.PERSONAL_DATA)
def message_log(request):
    """Messages sent to participants the user may see and to the user; administrators see all."""
    visible = visible_messages(request.user)
    kinds = visible.order_by().values_list("kind", flat=True).distinct()
    form = LogFilterForm(request.GET or None, kinds=list(kinds))
    rows = form.apply(visible).select_related("person", "recipient")
    table = MessageLogTable(rows, order_by=("-at",))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    shown = [row.record for row in table.page.object_list]
    _audit_log_read(request.user, form, request.GET, shown, table.paginator.count)
    return render(
        request,
        "notifications/log.html",
        {
            "form": form,
            "table": table,
            "total": table.paginator.count,
            "is_admin": scope_of(request.user).is_admin,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The user's own choice of reminder e-mails, and what today's would contain."""
    user = request.user
    form = PreferenceForm(request.POST or None, initial={"frequency": digest.frequency_of(user)})
    done = run_action_form(
        request,
        form,
        lambda data: actions.set_reminder_frequency(user, frequency=data["frequency"]),
        _("Ditt val för påminnelser är sparat."),
        lambda _result: request.path,
    )
    if done:
        return done
    today = timezone.localdate()
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "due": digest.due_counts(user, today),
            "today": today,
            "has_email": bool(user.email),
            "send_time": digest.send_time(),
        },
    )


def every_text(every):
    """``every`` in words: "varje dag", "var 7:e dag", "var 6:e timme", "var 15:e minut"."""
    for unit, one, many in (
        (datetime.timedelta(days=1), _("varje dag"), _("var %(n)s:e dag")),
        (datetime.timedelta(hours=1), _("varje timme"), _("var %(n)s:e timme")),
        (datetime.timedelta(minutes=1), _("varje minut"), _("var %(n)s:e minut")),
    ):
        if every >= unit and every % unit == datetime.timedelta(0):
            n = every // unit
            return one if n == 1 else many % {"n": n}
    return str(every)


def _job_rows():
    """Each registered job with its state and next run: two queries, whatever the number of jobs."""
    jobs = periodic_jobs()
    states = {s.name: s for s in JobState.objects.filter(name__in=[j.name for j in jobs])}
    next_runs = schedule.next_runs()
    return [
        {
            "job": job,
            "every": every_text(job.every),
            "state": states.get(job.name),
            "next": next_runs.get(job.name),
            "running": job.name in next_runs and next_runs[job.name].status == RunStatus.RUNNING,
        }
        for job in jobs
    ]


def _queue_counts():
    """Tasks of every kind by status, in one query (the task results are read, never written)."""
    return DBTaskResult.objects.aggregate(
        ready=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed=Count("pk", filter=Q(status=TaskResultStatus.FAILED)),
    )


def _workers(now):
    """Every worker heard from this week (the table is pruned), each with a word for its state."""
    rows = list(WorkerHeartbeat.objects.order_by("-last_seen"))
    for row in rows:
        if row.stopped_at is not None:
            row.state = _("stoppad")
        elif row.last_seen < now - heartbeat.stale_after():
            row.state = _("hörs inte")
        else:
            row.state = _("igång")
    return rows


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def worker_status(request):
    """The worker's jobs and queue; POST ``job`` to run a job now."""
    if request.method == "POST":
        try:
            outcome = actions.run_job_now(request.user, request.POST.get("job", ""))
        except ActionError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            texts = {
                "moved": _("Jobbet körs så snart arbetaren är ledig."),
                "added": _("Jobbet är lagt i kön och körs så snart arbetaren är ledig."),
                "running": _("Jobbet körs redan just nu."),
            }
            messages.success(request, texts[outcome])
        return redirect("notifications:worker")
    now = timezone.now()
    waiting_since = (
        schedule.open_runs()
        .filter(status=RunStatus.SCHEDULED, due_at__lt=now - STALLED_AFTER)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    failed = PeriodicRun.objects.filter(status=RunStatus.FAILED).order_by("-finished_at")[:FAILED_SHOWN]
    workers = _workers(now)
    return render(
        request,
        "notifications/worker.html",
        {
            "rows": _job_rows(),
            "counts": _queue_counts(),
            "failed": failed,
            "now": now,
            "stalled": waiting_since is not None,
            "waiting_since": waiting_since,
            "health": heartbeat.status(now, rows=workers),
            "workers": workers[:WORKERS_SHOWN],
        },
    )
