"""Who may open the follow-up page and download the exports (merged into the walk of every URL, core/tests/test_url_access.py)."""

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, helhetslyftet

EXPECTED = {
    # Aggregates only: everyone with a role in Helhetslyftet, evaluators included; SPiK's coordinator 404.
    "reports:followup": (helhetslyftet, HELHETSLYFTET_REPORT),
    # The files hold aggregates only: the same people as the report page.
    "reports:project_report_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:final_report_docx": (helhetslyftet, HELHETSLYFTET_REPORT),
    # What works: aggregates by way of working only, no rows per person: the report page's people.
    "reports:what_works": (helhetslyftet, HELHETSLYFTET_REPORT),
}
