"""Who may open the final report's texts (merged into stegvis/core/tests/test_url_access.py).

Everyone who sees the project's report reads them (evaluators too: no personal data); its
leaders and administrators write them.
"""

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, helhetslyftet

EXPECTED = {
    "narratives:texts": (helhetslyftet, HELHETSLYFTET_REPORT),
}
