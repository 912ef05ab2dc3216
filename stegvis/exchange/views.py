"""The import page and the pages of its jobs: the same importer as ``stegvis import``, for administrators.

Checking, importing and exporting run as background jobs (:mod:`stegvis.exchange.jobs`): the form
stores the files and sends the user to the job's page, ``/import/<job>/``, which shows how far it
has come (refreshed by ``exchange/job.js`` from ``status.json``, or by the page itself without
JavaScript) and, when it is done, the same summary and errors the page showed before. After a
check that went well, "Importera" imports the same files with one click. Which jobs a user may
see is the job rule (:mod:`stegvis.exchange.access`).
"""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.core.access import VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.downloads import safe_filename
from stegvis.core.uploads import refused_uploads
from stegvis.exchange import jobs
from stegvis.exchange.forms import ExportForm, ImportForm
from stegvis.exchange.models import ExchangeJob, JobKind, JobStage, JobStatus
from stegvis.exchange.stored import StoredResult
from stegvis.organizations.models import Project

RECENT_JOBS = 10


def _export_form(request, data=None):
    return ExportForm(data, projects=Project.objects.restrict(request.user, VIEW).order_by("name"))


def _import_page(request, form, export_form, status=200):
    recent = ExchangeJob.objects.restrict(request.user, VIEW).select_related("project", "user")[:RECENT_JOBS]
    return render(
        request,
        "exchange/import.html",
        {"form": form, "export_form": export_form, "jobs": recent, "page_title": _("Importera")},
        status=status,
    )


@access_rule(Rule.ADMIN)
def import_page(request):
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, refused=refused_uploads(request))
        if form.is_valid():
            job = jobs.start_import(
                request.user, form.cleaned_data["files"], dry_run=form.cleaned_data["dry_run"]
            )
            return redirect("exchange:job", pk=job.pk)
    else:
        form = ImportForm()
    return _import_page(request, form, _export_form(request))


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def export_page(request):
    """Start an export of one project (POST); the form itself is on the import page."""
    if request.method != "POST":
        return redirect("exchange:import")
    form = _export_form(request, request.POST)
    if not form.is_valid():
        return _import_page(request, ImportForm(), form, status=400)
    job = jobs.start_export(request.user, form.cleaned_data["project"])
    return redirect("exchange:job", pk=job.pk)


def _job(request, pk):
    return get_restricted_or_404(
        ExchangeJob.objects.select_related("project", "source"), request.user, VIEW, pk=pk
    )


@access_rule(Rule.ADMIN)
def job_page(request, pk):
    job = _job(request, pk)
    context = {
        "job": job,
        "result": StoredResult(job.result) if job.finished else None,
        "files_hours": settings.STEGVIS_JOB_FILES_HOURS,
        "page_title": job.get_kind_display(),
    }
    return render(request, "exchange/job.html", context)


def job_status_data(job):
    """What the progress page shows, as the JSON its script reads."""
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "stage": job.stage,
        "stage_label": str(job.get_stage_display()) if job.stage else "",
        "rows_checked": job.rows_checked,
        "rows_written": job.rows_written,
        "errors": job.errors,
        "total": job.total,
        "done": job.rows_written if job.stage == JobStage.WRITE else job.rows_checked,
        "finished": job.finished,
    }


@access_rule(Rule.ADMIN)
def job_status(request, pk):
    return JsonResponse(job_status_data(_job(request, pk)))


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def job_import(request, pk):
    """ "Importera" after a check that went well: the same files, imported as a new job."""
    check = _job(request, pk)
    if request.method != "POST":
        return redirect("exchange:job", pk=check.pk)
    job = jobs.start_import_after_check(check, request.user)
    if job is None:
        follow_up = ExchangeJob.objects.restrict(request.user, VIEW).filter(source=check).first()
        if follow_up is not None:  # imported already (a second click): show that import
            return redirect("exchange:job", pk=follow_up.pk)
        messages.error(
            request,
            _("Filerna från kontrollen finns inte kvar och kan inte importeras. Välj filerna igen."),
        )
        return redirect("exchange:job", pk=check.pk)
    return redirect("exchange:job", pk=job.pk)


@access_rule(Rule.ADMIN)
def job_download(request, pk):
    """The file an export job wrote, while it is kept."""
    job = _job(request, pk)
    if job.kind != JobKind.EXPORT or job.status != JobStatus.DONE or not job.result.get("file"):
        raise Http404
    path = job.folder() / jobs.OUTPUT / job.result["file"]
    if job.files_removed_at is not None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=safe_filename(path.name), content_type="application/zip"
    )
