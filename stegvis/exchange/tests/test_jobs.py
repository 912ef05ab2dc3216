"""Import, check and export as background jobs: the progress page, one-click import, access, clean-up."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.access import VIEW
from stegvis.exchange import jobs
from stegvis.exchange.importer import import_sources
from stegvis.exchange.models import ExchangeJob, JobKind, JobStage, JobStatus, job_folder
from stegvis.exchange.tests.helpers import basic_files, enrollments
from stegvis.participants.models import Person
from stegvis.testing import make_user


def uploads(files):
    return [SimpleUploadedFile(name, content) for name, content in files]


def check_files(client, post_job, files=None):
    data = {"files": uploads(files or basic_files()), "dry_run": "on"}
    return post_job(client, reverse("exchange:import"), data)


# --- check, then "Importera" -----------------------------------------------------------------------


def test_a_check_shows_its_counts_and_offers_to_import_the_same_files(world, login_as, post_job):
    client = login_as(world.users["admin"])
    response = check_files(client, post_job)
    text = response.content.decode()
    check = ExchangeJob.objects.get()
    assert (
        check.kind == JobKind.CHECK and check.status == JobStatus.DONE and check.user == world.users["admin"]
    )
    assert "Kontrollen gick bra" in text and "Importera" in text
    assert reverse("exchange:job_import", kwargs={"pk": check.pk}) in text
    # The counts of both passes: 2 participants and 2 enrolments, checked and (tried) written.
    assert check.rows_checked == 4 and check.rows_written == 4 and check.errors == 0
    assert [row[0] for row in check.result["counts"]] == ["participants.csv", "enrollments.csv"]
    assert not Person.objects.filter(refs__ref="P-1").exists()  # a check writes nothing
    assert sorted(p.name for p in (job_folder(check.pk) / jobs.FILES).iterdir()) == sorted(check.files)

    response = post_job(client, reverse("exchange:job_import", kwargs={"pk": check.pk}))
    imported = ExchangeJob.objects.get(kind=JobKind.IMPORT)
    assert imported.source == check and imported.status == JobStatus.DONE
    assert "Importen är klar." in response.content.decode()
    assert Person.objects.filter(refs__ref="P-1").exists()
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT, user=world.users["admin"]).count() == 1
    # The files served their purpose: gone from the server, from the check and from the import.
    assert not job_folder(check.pk).exists() and not job_folder(imported.pk).exists()
    assert imported.files_removed_at is not None
    check.refresh_from_db()
    assert not check.can_import
    page = client.get(reverse("exchange:job", kwargs={"pk": check.pk})).content.decode()
    assert "Filerna har importerats" in page

    # A second click (another tab, a double click) imports nothing again: it shows the import.
    response = client.post(reverse("exchange:job_import", kwargs={"pk": check.pk}))
    assert response["Location"] == reverse("exchange:job", kwargs={"pk": imported.pk})
    assert ExchangeJob.objects.filter(kind=JobKind.IMPORT).count() == 1


def test_a_check_with_errors_keeps_no_files_and_offers_no_import(world, login_as, post_job):
    client = login_as(world.users["admin"])
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    text = check_files(client, post_job, files).content.decode()
    job = ExchangeJob.objects.get()
    assert job.errors == 1 and job.result["errors_total"] == 1
    assert "<td>enrollments.csv</td><td>4</td><td>start_date</td>" in text
    assert "exchange:job_import" not in text and "/importera/" not in text
    assert not job_folder(job.pk).exists() and job.files_removed_at is not None
    response = client.post(reverse("exchange:job_import", kwargs={"pk": job.pk}), follow=True)
    assert "finns inte kvar" in response.content.decode()
    assert not ExchangeJob.objects.filter(kind=JobKind.IMPORT).exists()


def test_importera_after_the_files_were_cleaned_up_says_so(world, login_as, post_job):
    client = login_as(world.users["admin"])
    check_files(client, post_job)
    check = ExchangeJob.objects.get()
    jobs.clean_up(now=timezone.now() + datetime.timedelta(hours=25))
    response = client.post(reverse("exchange:job_import", kwargs={"pk": check.pk}), follow=True)
    assert "Filerna från kontrollen finns inte kvar" in response.content.decode()
    assert not Person.objects.filter(refs__ref="P-1").exists()


# --- the progress page -----------------------------------------------------------------------------


def test_the_progress_page_of_a_running_job_refreshes_itself_and_is_accessible(world, login_as):
    job = ExchangeJob.objects.create(
        kind=JobKind.IMPORT,
        user=world.users["admin"],
        status=JobStatus.RUNNING,
        stage=JobStage.WRITE,
        rows_checked=1200,
        rows_written=300,
        total=1200,
        errors=2,
        files=["participants.csv"],
    )
    client = login_as(world.users["admin"])
    text = client.get(reverse("exchange:job", kwargs={"pk": job.pk})).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in text  # without JavaScript
    assert "exchange/job.js" in text and "<script>" not in text  # no inline script (CSP)
    assert 'aria-live="polite"' in text
    assert '<progress id="job-progress" data-job="progress" max="1200" value="300">' in text
    assert "Sparar raderna" in text and ">300<" in text and ">1200<" in text and ">2<" in text
    assert "Uppdatera nu" in text

    data = json.loads(client.get(reverse("exchange:job_status", kwargs={"pk": job.pk})).content)
    assert data == {
        "status": "running",
        "status_label": "Pågår",
        "stage": "write",
        "stage_label": "Sparar raderna",
        "rows_checked": 1200,
        "rows_written": 300,
        "errors": 2,
        "total": 1200,
        "done": 300,
        "finished": False,
    }


def test_a_finished_job_page_no_longer_refreshes(world, login_as, post_job):
    text = check_files(login_as(world.users["admin"]), post_job).content.decode()
    assert "refresh" not in text and "job.js" not in text


def test_the_import_page_lists_the_latest_jobs(world, login_as, post_job):
    client = login_as(world.users["admin"])
    check_files(client, post_job)
    text = client.get(reverse("exchange:import")).content.decode()
    job = ExchangeJob.objects.get()
    assert reverse("exchange:job", kwargs={"pk": job.pk}) in text and "Senaste jobb" in text


# --- who sees which job ----------------------------------------------------------------------------


def test_a_user_sees_only_their_own_jobs_and_administrators_all(world):
    mine = ExchangeJob.objects.create(kind=JobKind.CHECK, user=world.users["leader"])
    theirs = ExchangeJob.objects.create(kind=JobKind.CHECK, user=world.users["coord_kba"])
    nobodys = ExchangeJob.objects.create(kind=JobKind.CHECK, user=None)
    assert set(ExchangeJob.objects.restrict(world.users["leader"], VIEW)) == {mine}
    assert set(ExchangeJob.objects.restrict(world.users["admin"], VIEW)) == {mine, theirs, nobodys}
    assert not ExchangeJob.objects.restrict(world.users["norole"], VIEW).exists()


@pytest.mark.parametrize("role", ["leader", "coord_kba", "evaluator", "norole"])
def test_only_administrators_open_job_pages(world, login_as, role):
    job = ExchangeJob.objects.create(kind=JobKind.CHECK, user=world.users[role])
    client = login_as(world.users[role])
    for name in ("exchange:job", "exchange:job_status", "exchange:job_download"):
        assert client.get(reverse(name, kwargs={"pk": job.pk})).status_code == 403


def test_an_unknown_job_is_404(world, login_as):
    client = login_as(world.users["admin"])
    response = client.get(reverse("exchange:job", kwargs={"pk": "00000000-0000-0000-0000-000000000000"}))
    assert response.status_code == 404


# --- export ----------------------------------------------------------------------------------------


def test_an_export_runs_as_a_job_and_its_zip_is_downloaded(world, login_as, post_job):
    client = login_as(world.users["admin"])
    text = post_job(client, reverse("exchange:export"), {"project": "helhetslyftet"}).content.decode()
    job = ExchangeJob.objects.get(kind=JobKind.EXPORT)
    assert job.status == JobStatus.DONE and job.project == world.projects["helhetslyftet"]
    assert "Exporten är klar." in text and reverse("exchange:job_download", kwargs={"pk": job.pk}) in text
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, user=world.users["admin"]).exists()
    response = client.get(reverse("exchange:job_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert "helhetslyftet/participants.csv" in names and "helhetslyftet/enrollments.csv" in names
    # After the retention period the file is gone, and the page says so.
    jobs.clean_up(now=timezone.now() + datetime.timedelta(hours=25))
    assert client.get(reverse("exchange:job_download", kwargs={"pk": job.pk})).status_code == 404
    assert (
        "filen är redan raderad"
        in client.get(reverse("exchange:job", kwargs={"pk": job.pk})).content.decode()
    )


def test_an_export_without_a_project_is_a_message_at_the_field(world, login_as):
    response = login_as(world.users["admin"]).post(reverse("exchange:export"), {"project": "finns-inte"})
    assert response.status_code == 400
    assert "id_project_error" in response.content.decode()
    assert not ExchangeJob.objects.exists()


# --- clean-up --------------------------------------------------------------------------------------


def test_clean_up_removes_files_after_hours_and_jobs_after_days(world, settings, tmp_path):
    settings.STEGVIS_JOB_FILES_DIR = tmp_path
    now = timezone.now()

    def job(status, finished_hours_ago):
        made = ExchangeJob.objects.create(
            kind=JobKind.CHECK,
            status=status,
            files=["a.csv"],
            finished_at=None
            if finished_hours_ago is None
            else now - datetime.timedelta(hours=finished_hours_ago),
        )
        (job_folder(made.pk) / jobs.FILES).mkdir(parents=True)
        (job_folder(made.pk) / jobs.FILES / "a.csv").write_text("x")
        return made

    fresh = job(JobStatus.DONE, 1)
    day_old = job(JobStatus.DONE, 25)
    month_old = job(JobStatus.FAILED, 31 * 24)
    running = job(JobStatus.RUNNING, None)
    orphan = tmp_path / "not-a-job"
    orphan.mkdir()
    summary = jobs.clean_up(now=now + datetime.timedelta(days=2))
    assert summary["files_removed"] == 3 and summary["jobs_removed"] == 1 and summary["orphan_folders"] == 1
    assert not ExchangeJob.objects.filter(pk=month_old.pk).exists() and not job_folder(month_old.pk).exists()
    day_old.refresh_from_db()
    assert day_old.files_removed_at is not None and not job_folder(day_old.pk).exists()
    assert not job_folder(fresh.pk).exists()  # two days later it is past 24 hours too
    assert job_folder(running.pk).exists()  # a job still running keeps its files
    assert not orphan.exists()


# --- progress --------------------------------------------------------------------------------------


def test_the_importer_reports_both_passes_and_the_errors_so_far(world):
    calls = []
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    result = import_sources(files, dry_run=True, progress=lambda *call: calls.append(call))
    assert calls[0] == ("check", 0, 5, 0)  # the rows are counted before they are checked
    assert ("check", 5, 5, 0) in calls  # every row read; the wrong start date is found when written
    writes = [c for c in calls if c[0] == "write"]
    assert writes[0] == ("write", 0, 5, 0) and writes[-1] == ("write", 5, 5, 1)
    assert result.errors.total == 1
    # The same outcome as the importer without progress.
    assert import_sources(files, dry_run=True).as_dict() == result.as_dict()


def test_progress_is_written_to_the_job_at_most_once_per_interval(world):
    job = ExchangeJob.objects.create(kind=JobKind.IMPORT, status=JobStatus.RUNNING)
    recorder = jobs.ProgressRecorder(job.pk, every=3600)
    assert recorder.in_place  # inside the test's transaction: written in place
    recorder("check", 10, None, 0)
    recorder("check", 20, 20, 1)  # within the interval: kept, not written
    job.refresh_from_db()
    assert (job.stage, job.rows_checked, job.errors) == ("check", 10, 0)
    recorder.every = 0
    recorder("write", 5, 20, 1)
    job.refresh_from_db()
    assert (job.stage, job.rows_checked, job.rows_written, job.total, job.errors) == ("write", 20, 5, 20, 1)
    recorder.close()


def test_the_command_draws_no_bar_with_quiet(world, tmp_path, capsys):
    from django.core.management import call_command

    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in basic_files():
        (folder / name).write_bytes(content)
    call_command("import", str(folder), "--progress", "--quiet", "--dry-run")
    assert "Import:" not in capsys.readouterr().err
    call_command("import", str(folder), "--progress", "--dry-run")
    err = capsys.readouterr().err
    assert "Kontroll:" in err and "Import:" in err


# --- the real queue --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_import_and_its_progress_is_written(settings):
    from stegvis.notifications import worker
    from stegvis.testing import build_world

    world = build_world()
    settings.STEGVIS_JOB_PROGRESS_SECONDS = 0.01
    admin = world.users["admin"]
    job = jobs.start_import(admin, uploads(basic_files()), dry_run=False)
    assert ExchangeJob.objects.get(pk=job.pk).status == JobStatus.WAITING
    worker.process_queue("test:1:jobs", batch=True, interval=0, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.task_id
    assert (job.rows_checked, job.rows_written, job.errors) == (4, 4, 0)
    assert Person.objects.filter(refs__ref="P-1").exists()
    assert not job_folder(job.pk).exists()
    # Delivered again (a task retried): the job runs once.
    assert jobs.run_exchange_job.call(str(job.pk)) == {"skipped": f"job {job.pk} is not waiting"}


def test_a_job_that_breaks_is_marked_failed_with_a_swedish_message(world, monkeypatch, immediate_tasks):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "import_sources", broken)
    job = ExchangeJob.objects.create(kind=JobKind.IMPORT, user=make_user("someone"), files=["x.csv"])
    (job_folder(job.pk) / jobs.FILES).mkdir(parents=True)
    (job_folder(job.pk) / jobs.FILES / "x.csv").write_text("code\n")
    with pytest.raises(RuntimeError):
        jobs.run_exchange_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "oväntat fel" in job.result["errors"][0][3]
    assert not job_folder(job.pk).exists()
    assert enrollments  # (helpers in use)


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_still_open():
    """The counts are written on their own connection: the import's open transaction does not hide them
    (on PostgreSQL). SQLite has one write lock, held by the import, so there they show after it."""
    import time

    from django.db import connection, transaction

    job = ExchangeJob.objects.create(kind=JobKind.IMPORT, status=JobStatus.RUNNING)

    def written():
        return ExchangeJob.objects.values_list("rows_written", flat=True).get(pk=job.pk)

    def wait_for(value):
        for _ in range(200):
            if written() == value:
                return True
            time.sleep(0.05)
        return False

    recorder = jobs.ProgressRecorder(job.pk, every=0.02)
    assert not recorder.in_place
    try:
        with transaction.atomic():
            ExchangeJob.objects.create(kind=JobKind.CHECK)  # the import's own writes, not committed
            recorder("write", 5, 10, 0)
            if connection.vendor == "postgresql":
                assert wait_for(5)
        assert wait_for(5)
    finally:
        recorder.close()
