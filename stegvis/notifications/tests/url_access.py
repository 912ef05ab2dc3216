"""Who may open the notifications pages (merged into the URL walk)."""

EXPECTED = {}
