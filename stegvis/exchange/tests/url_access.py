"""Who may open the import page's jobs (merged into the walk of every URL, core/tests/test_url_access.py).

The import page is for administrators, and so are its jobs; which job an administrator sees is
the job rule (every job, for administrators; a user's own otherwise), tested in test_jobs.py.
"""

from django.utils import timezone

from stegvis.core.tests.roles import ADMIN_ONLY, statuses


def _job(w, **fields):
    from stegvis.exchange.models import ExchangeJob, JobKind, JobStatus

    fields.setdefault("kind", JobKind.CHECK)
    fields.setdefault("status", JobStatus.DONE)
    return ExchangeJob.objects.create(user=w.users["admin"], finished_at=timezone.now(), **fields)


def a_job(w):
    return {"pk": _job(w).pk}


def an_export_with_its_file(w):
    from stegvis.exchange.jobs import OUTPUT
    from stegvis.exchange.models import JobKind

    job = _job(w, kind=JobKind.EXPORT, project=w.projects["helhetslyftet"], result={"file": "export.zip"})
    folder = job.folder() / OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    return {"pk": job.pk}


EXPECTED = {
    # GET answers with the import page (the form posts to it).
    "exchange:export": (None, statuses(admin=302)),
    "exchange:job": (a_job, ADMIN_ONLY),
    "exchange:job_status": (a_job, ADMIN_ONLY),
    # "Importera" is a form (POST); a GET goes back to the job's page.
    "exchange:job_import": (a_job, statuses(admin=302)),
    "exchange:job_download": (an_export_with_its_file, ADMIN_ONLY),
}
