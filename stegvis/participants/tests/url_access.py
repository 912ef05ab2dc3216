"""Who may open the SUS list and the ESF+ pages (merged into stegvis/core/tests/test_url_access.py).

They are report pages of a project: everyone who may report on Helhetslyftet opens them, evaluators
included (the SUS list gives them pseudonymised rows, the ESF+ page is aggregates).
"""

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, OK, helhetslyftet, statuses

EXPECTED = {
    "reports:sus_list": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:sus_list_csv": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:sus_list_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_indicators": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_indicators_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_participants_csv": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_participants_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
}


def _helhetslyftet_exit_reason(w):
    """A reason of the project's own list (made once per test world)."""
    from stegvis.participants.models import ProjectExitReason

    project = w.projects["helhetslyftet"]
    reason, _created = ProjectExitReason.objects.get_or_create(
        project=project,
        code="ater-fk",
        defaults={"label": "Åter till Försäkringskassan", "standard_reason": "annat"},
    )
    return {"code": project.code, "pk": reason.pk}


# A project's own exit reasons are its settings: administrators and its leaders (coordinators: 403).
EXPECTED.update(
    {
        "exit_reasons:list": (helhetslyftet, statuses(admin=OK, leader=OK)),
        "exit_reasons:edit": (_helhetslyftet_exit_reason, statuses(admin=OK, leader=OK)),
    }
)
