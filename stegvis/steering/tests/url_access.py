"""Who may open the steering-group reports (merged into stegvis/core/tests/test_url_access.py).

The project's leaders and administrators only; coordinators get 403 (as on the project's settings).
"""

from stegvis.core.tests.roles import OK, helhetslyftet, statuses


def _report(w):
    import datetime

    from stegvis.steering.models import SteeringReport

    project = w.projects["helhetslyftet"]
    report, _created = SteeringReport.objects.get_or_create(
        project=project, period_from=datetime.date(2023, 1, 1), period_to=datetime.date(2023, 3, 31)
    )
    return {"code": project.code, "pk": report.pk}


LEADERS = statuses(admin=OK, leader=OK)

EXPECTED = {
    "steering:list": (helhetslyftet, LEADERS),
    "steering:detail": (_report, LEADERS),
    "steering:docx": (_report, LEADERS),
}
