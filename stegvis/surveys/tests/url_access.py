"""Who may open the surveys pages (merged into the URL walk)."""

EXPECTED = {}
