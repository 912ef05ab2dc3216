"""A finished job's stored summary, shaped like an import result for the templates.

The job row keeps the summary as JSON (:func:`stegvis.exchange.jobs.result_summary`); the page
shows it with the same template parts the import page always used.
"""

from types import SimpleNamespace


class StoredProblems(list):
    """Problems as the page lists them, with ``total`` (all found) and ``more`` (not kept)."""

    def __init__(self, rows, total, more):
        super().__init__(
            SimpleNamespace(file=file, line=line, column=column, message=message)
            for file, line, column, message in rows
        )
        self.total = total
        self.more = more


class StoredResult:
    def __init__(self, data):
        self.dry_run = data.get("dry_run", False)
        self.counts = {
            name: SimpleNamespace(created=created, updated=updated, unchanged=unchanged)
            for name, created, updated, unchanged in data.get("counts", [])
        }
        self.notes = data.get("notes", [])
        self.errors = StoredProblems(
            data.get("errors", []), data.get("errors_total", 0), data.get("errors_more", 0)
        )
        self.warnings = StoredProblems(
            data.get("warnings", []), data.get("warnings_total", 0), data.get("warnings_more", 0)
        )
