"""Imports in the exchange format over the API: the import page's background jobs, for a client.

``POST /api/v1/imports/`` takes the same files as the import page (one .zip, or .csv/.xlsx files;
multipart, field ``files``), checked by the page's own form with the same limits (a file past
``STEGVIS_IMPORT_MAX_FILE_BYTES`` is dropped while it arrives, :mod:`stegvis.core.uploads`), and
starts the same job (:func:`stegvis.exchange.jobs.start_import`): ``202 Accepted`` with the job and
its address in ``Location``. ``GET /api/v1/imports/ID/`` tells how far it has come, then the
summary or the errors (file, line, column, message) as the job's page shows them. The importer
itself writes the audit entries, as for the page.

Who: administrators, as the import page (``Rule.ADMIN``); a job is seen by whoever started it,
and by administrators (the job rule, :mod:`stegvis.exchange.access`). Only checks and imports
are shown here: exports have their own page.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.base import ApiViewMixin
from stegvis.api.pagination import DEFAULT_LIMIT, IdCursorPagination
from stegvis.core.access import VIEW, Rule
from stegvis.core.uploads import refused_uploads
from stegvis.exchange import jobs
from stegvis.exchange.forms import ImportForm
from stegvis.exchange.models import ExchangeJob, JobKind, JobStage, JobStatus
from stegvis.exchange.stored import StoredResult
from stegvis.exchange.views import job_status_data


class ImportProblem(serializers.Serializer):
    """One error or warning of an import, where it is: the file, its line and column."""

    file = serializers.CharField()
    line = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class FileCounts(serializers.Serializer):
    file = serializers.CharField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class ImportResult(serializers.Serializer):
    """The summary the job's page shows: counts per file, notes, warnings and errors (the first ones)."""

    dry_run = serializers.BooleanField()
    counts = FileCounts(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    errors = ImportProblem(many=True)
    errors_total = serializers.IntegerField(help_text="Alla fel som hittades.")
    errors_more = serializers.IntegerField(help_text="Fel som inte listas (bara de första listas).")
    warnings = ImportProblem(many=True)
    warnings_total = serializers.IntegerField()
    warnings_more = serializers.IntegerField()


class ImportJob(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=[JobKind.CHECK, JobKind.IMPORT], help_text="check: bara kontroll.")
    status = serializers.ChoiceField(choices=JobStatus.choices)
    status_label = serializers.CharField()
    stage = serializers.ChoiceField(choices=JobStage.choices, allow_blank=True)
    stage_label = serializers.CharField(allow_blank=True)
    rows_checked = serializers.IntegerField()
    rows_written = serializers.IntegerField()
    errors = serializers.IntegerField(help_text="Fel hittills.")
    total = serializers.IntegerField(allow_null=True, help_text="Rader i steget, när det är känt.")
    done = serializers.IntegerField(help_text="Rader klara i steget.")
    percent = serializers.IntegerField(allow_null=True)
    finished = serializers.BooleanField()
    files = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    result = ImportResult(allow_null=True, help_text="När jobbet är klart; annars null.")


def _problems(problems: Any) -> list[dict[str, Any]]:
    return [
        {"file": p.file, "line": p.line, "column": p.column or "", "message": str(p.message)}
        for p in problems
    ]


def result_data(job: ExchangeJob) -> dict[str, Any] | None:
    """The finished job's summary, read the way its page reads it (:class:`StoredResult`)."""
    if not job.finished:
        return None
    result = StoredResult(job.result)
    return {
        "dry_run": result.dry_run,
        "counts": [
            {"file": name, "created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for name, c in result.counts.items()
        ],
        "notes": [str(note) for note in result.notes],
        "errors": _problems(result.errors),
        "errors_total": result.errors.total,
        "errors_more": result.errors.more,
        "warnings": _problems(result.warnings),
        "warnings_total": result.warnings.total,
        "warnings_more": result.warnings.more,
    }


def job_data(job: ExchangeJob) -> dict[str, Any]:
    """The job as its page shows it: the progress (the page's own status data), then the result."""
    return {
        "id": job.pk,
        "kind": job.kind,
        **job_status_data(job),
        "percent": job.percent,
        "files": list(job.files),
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "result": result_data(job),
    }


class NewestFirst(CursorPagination):
    ordering = "-created_at"
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = IdCursorPagination.max_page_size
    page_size_query_description = IdCursorPagination.page_size_query_description
    cursor_query_description = IdCursorPagination.cursor_query_description
    invalid_cursor_message = IdCursorPagination.invalid_cursor_message


@extend_schema_view(
    list=extend_schema(
        summary="Importer",
        description="Kontrollerna och importerna, de senaste först, som sidan Importera visar dem.",
    ),
    retrieve=extend_schema(
        summary="En import",
        description=(
            "Hur långt jobbet har kommit (`status`, `stage`, `done` av `total`), och när det är klart "
            "(`finished`) resultatet: antal per fil, eller felen med fil, rad och kolumn. "
            "Blev det fel sparades ingenting."
        ),
    ),
    create=extend_schema(
        summary="Starta en import",
        description=(
            "Samma filer som på sidan Importera (multipart, fältet `files`: en .zip eller .csv/.xlsx-filer, "
            "upprepas), med samma gränser. `dry_run=true` kontrollerar bara. Jobbet körs i bakgrunden: "
            "svaret är 202 med jobbets adress i `Location`."
        ),
        request=inline_serializer(
            "ImportUpload",
            {
                "files": serializers.ListField(child=serializers.FileField()),
                "dry_run": serializers.BooleanField(required=False, default=False),
            },
        ),
        responses={202: ImportJob},
    ),
)
class ImportViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    access_rule = Rule.ADMIN
    serializer_class = ImportJob
    pagination_class = NewestFirst
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> QuerySet[ExchangeJob]:
        return ExchangeJob.objects.restrict(self.request.user, VIEW).filter(
            kind__in=[JobKind.CHECK, JobKind.IMPORT]
        )

    def get_serializer(self, instance: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(instance, ExchangeJob):
            instance = job_data(instance)
        elif instance is not None and kwargs.get("many"):
            instance = [job_data(job) for job in instance]
        return super().get_serializer(instance, *args, **kwargs)

    def create(self, request: Request) -> Response:
        form = ImportForm(request.POST, request.FILES, refused=refused_uploads(request._request))
        if not form.is_valid():
            raise serializers.ValidationError(
                {name: list(messages) for name, messages in form.errors.items()}
            )
        job = jobs.start_import(
            request.user, form.cleaned_data["files"], dry_run=form.cleaned_data["dry_run"]
        )
        return Response(
            self.get_serializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("api:import-detail", kwargs={"pk": job.pk})},
        )
