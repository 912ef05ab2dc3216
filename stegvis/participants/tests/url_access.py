"""Who may open the SUS list and the ESF+ pages (merged into stegvis/core/tests/test_url_access.py).

They are report pages of a project: everyone who may report on Helhetslyftet opens them, evaluators
included (the SUS list gives them pseudonymised rows, the ESF+ page is aggregates).
"""

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, helhetslyftet

EXPECTED = {
    "reports:sus_list": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:sus_list_csv": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:sus_list_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_indicators": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:esf_indicators_xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
}
