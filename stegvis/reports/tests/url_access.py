"""Who may open the follow-up page and download the exports (merged into the walk of every URL, core/tests/test_url_access.py)."""

from stegvis.core.tests.roles import ANY_ROLE, HELHETSLYFTET_REPORT, helhetslyftet, statuses

EXPECTED = {
    # Aggregates only: everyone with a role in Helhetslyftet, evaluators included; SPiK's coordinator 404.
    "reports:followup": (helhetslyftet, HELHETSLYFTET_REPORT),
    # The files hold aggregates only: the same people as the report page.
    "reports:project_report_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:final_report_docx": (helhetslyftet, HELHETSLYFTET_REPORT),
    # What works: aggregates by way of working only, no rows per person: the report page's people.
    "reports:what_works": (helhetslyftet, HELHETSLYFTET_REPORT),
    # The comparison: everyone with a role chooses among the projects whose reports they may see
    # (test_compare_page.py walks who sees which). The spreadsheet without a choice of projects is a
    # clear 400 (the page with its error) for everyone who may open the page.
    "reports:compare": (None, ANY_ROLE),
    "reports:compare_xlsx": (None, statuses(default=400, norole=403)),
}
