"""Who may open the intake pages (merged into the URL walk)."""

EXPECTED = {}
