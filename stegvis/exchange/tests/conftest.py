import pytest


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run at once, where they are queued (the worker's database queue is tested in test_jobs.py)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def post_job(immediate_tasks, django_capture_on_commit_callbacks):
    """POST to a page that starts a job; the job runs when the transaction commits, and the answer
    followed to the job's page is returned."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[:2000]
        return client.get(response["Location"])

    return post
