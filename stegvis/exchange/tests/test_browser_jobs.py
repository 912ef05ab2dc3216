"""The progress page in a real browser: its script follows the job and shows the result when it is done."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_follows_the_job_without_a_reload_by_hand(browser_login, world_tx):
    from django.urls import reverse
    from django.utils import timezone

    from stegvis.exchange.models import ExchangeJob, JobKind, JobStage, JobStatus

    job = ExchangeJob.objects.create(
        kind=JobKind.CHECK,
        user=world_tx.users["admin"],
        status=JobStatus.RUNNING,
        stage=JobStage.CHECK,
        total=None,
    )
    page = browser_login("admin")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(page.base_url + reverse("exchange:job", kwargs={"pk": job.pk}))
    assert page.locator('[data-job="rows_checked"]').inner_text() == "0"

    ExchangeJob.objects.filter(pk=job.pk).update(rows_checked=1234, total=5000, errors=3)
    page.locator('[data-job="rows_checked"]:text("1234")').wait_for()
    assert page.locator('[data-job="errors"]').inner_text() == "3"
    assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [1234, 5000]

    ExchangeJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        finished_at=timezone.now(),
        result={"dry_run": True, "counts": [["participants.csv", 2, 0, 0]], "errors_total": 0},
    )
    page.get_by_text("Kontrollen gick bra").wait_for()  # the page reloaded itself with the summary
    assert not errors  # nothing refused by the Content-Security-Policy
