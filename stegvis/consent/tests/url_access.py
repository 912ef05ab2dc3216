"""Who may open the consent pages (merged into the URL walk)."""

EXPECTED = {}
