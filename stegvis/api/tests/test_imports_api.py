"""Imports over the API: the import page's job, started with a file upload (202), then followed to
its counts or its errors; administrators only, never with a read-only token."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.api.tests.conftest import client_with, token_for
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange.models import ExchangeJob, JobKind, JobStatus, job_folder
from stegvis.exchange.tests.helpers import basic_files
from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Role
from stegvis.participants.models import Person
from stegvis.testing import make_user

IMPORTS = reverse("api:import-list")


@pytest.fixture
def run_jobs(settings, django_capture_on_commit_callbacks):
    """POST an upload; the job's task runs at once when the request's transaction commits (the
    immediate backend, as the import page's tests run it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def post(client, files, **data):
        uploads = [SimpleUploadedFile(name, content) for name, content in files]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(IMPORTS, {"files": uploads, **data}, format="multipart")

    return post


def test_an_import_is_accepted_then_done_with_its_counts(world, api_as, run_jobs):
    client = api_as("admin")
    response = run_jobs(client, basic_files())
    assert response.status_code == 202, response.content
    job = ExchangeJob.objects.get()
    assert response["Location"] == reverse("api:import-detail", kwargs={"pk": job.pk})
    assert response.json()["id"] == str(job.pk) and response.json()["kind"] == "import"

    body = client.get(response["Location"]).json()
    assert (body["status"], body["finished"], body["errors"]) == ("done", True, 0)
    assert body["rows_checked"] == 4 and body["rows_written"] == 4 and body["percent"] == 100
    result = body["result"]
    assert result["dry_run"] is False and result["errors"] == [] and result["errors_total"] == 0
    assert result["counts"] == [
        {"file": "participants.csv", "created": 2, "updated": 0, "unchanged": 0},
        {"file": "enrollments.csv", "created": 2, "updated": 0, "unchanged": 0},
    ]
    assert Person.objects.filter(refs__ref="P-1").exists()
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, user=world.users["admin"]).count() == 1
    assert not job_folder(job.pk).exists()  # the upload is gone once imported
    listed = client.get(IMPORTS).json()["results"]
    assert [row["id"] for row in listed] == [str(job.pk)]


def test_a_check_writes_nothing(world, api_as, run_jobs):
    response = run_jobs(api_as("admin"), basic_files(), dry_run="true")
    assert response.status_code == 202
    body = api_as("admin").get(response["Location"]).json()
    assert body["kind"] == "check" and body["status"] == "done" and body["result"]["dry_run"] is True
    assert not Person.objects.filter(refs__ref="P-1").exists()


def test_a_broken_file_gives_its_errors_by_line_and_column_and_imports_nothing(world, api_as, run_jobs):
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    persons = Person.objects.count()
    response = run_jobs(api_as("admin"), files)
    assert response.status_code == 202
    body = api_as("admin").get(response["Location"]).json()
    assert body["status"] == "done" and body["errors"] == 1
    result = body["result"]
    assert result["errors_total"] == 1 and result["dry_run"] is False
    (error,) = result["errors"]
    assert (error["file"], error["line"], error["column"]) == ("enrollments.csv", 4, "start_date")
    assert error["message"]
    assert Person.objects.count() == persons  # nothing was imported
    assert not Person.objects.filter(refs__ref="P-1").exists()


def test_a_file_that_is_no_exchange_file_is_refused_at_once(world, api_as, run_jobs):
    response = run_jobs(api_as("admin"), [("people.txt", b"hej")])
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "files" and "people.txt" in error["detail"]
    response = api_as("admin").post(IMPORTS, {"dry_run": "true"}, format="multipart")
    assert [e["field"] for e in response.json()["errors"]] == ["files"]
    assert not ExchangeJob.objects.exists()


def test_a_file_past_the_size_limit_is_not_received(world, api_as, run_jobs, settings):
    settings.STEGVIS_IMPORT_MAX_FILE_BYTES = 100
    response = run_jobs(api_as("admin"), [("participants.csv", b"x" * 500)])
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["field"] == "files" and error["detail"].startswith("participants.csv: Filen är större än")
    assert not ExchangeJob.objects.exists()


def test_only_multipart_is_taken(world, api_as):
    response = api_as("admin").post(IMPORTS, {"files": []}, format="json")
    assert response.status_code == 415


def test_a_read_only_token_is_refused(world, run_jobs):
    client = client_with(token_for(world.users["admin"], read_only=True))
    response = run_jobs(client, basic_files())
    assert response.status_code == 403
    assert not ExchangeJob.objects.exists()
    assert client.get(IMPORTS).status_code == 200  # it still reads


@pytest.mark.parametrize("role", ["leader", "coord_kba", "evaluator"])
def test_only_administrators_import(world, api_as, run_jobs, role):
    assert run_jobs(api_as(role), basic_files()).status_code == 403
    assert not ExchangeJob.objects.exists()


def test_a_project_limited_administrators_token_does_not_import(world, run_jobs):
    # Limited to a project, an administrator is that project's leader: the import page is not theirs.
    client = client_with(token_for(world.users["admin"], projects=[world.projects["helhetslyftet"]]))
    assert run_jobs(client, basic_files()).status_code == 403


def test_a_job_is_seen_by_its_starter_and_administrators_and_an_export_is_not_here(world, api_as):
    other_admin = make_user("admin2")
    grant_role(None, other_admin, role=Role.ADMINISTRATOR)
    theirs = ExchangeJob.objects.create(user=other_admin, kind=JobKind.IMPORT, status=JobStatus.WAITING)
    export = ExchangeJob.objects.create(
        user=world.users["admin"], kind=JobKind.EXPORT, project=world.projects["helhetslyftet"]
    )
    client = api_as("admin")
    body = client.get(reverse("api:import-detail", kwargs={"pk": theirs.pk})).json()
    assert (body["status"], body["finished"], body["result"]) == ("waiting", False, None)
    assert client.get(reverse("api:import-detail", kwargs={"pk": export.pk})).status_code == 404
    assert [row["id"] for row in client.get(IMPORTS).json()["results"]] == [str(theirs.pk)]
