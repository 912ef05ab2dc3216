"""How far an import has come, told to a callback, and the command line's progress bar.

The interface is one callable, ``progress(stage, done, total, errors)``:

- ``stage``: ``"check"`` (reading and checking the rows) or ``"write"`` (saving them);
- ``done``: rows of that stage handled so far; ``total``: rows in the stage, or ``None`` when not
  known yet;
- ``errors``: errors found so far in the whole import.

It is called from time to time while the import runs (as often as it likes; the receivers
throttle). The import jobs (:mod:`stegvis.exchange.jobs`) store the counts for the progress page,
and ``stegvis import`` draws them as a bar (:class:`ProgressBar`).

:func:`import_with_progress` is the one place the page's jobs and the command start an import.
The importer reports through the two passes it has: after the check (all rows at once) and after
every row written.
"""

import sys
from collections.abc import Callable

from django.utils.translation import gettext as _

from stegvis.exchange import readers
from stegvis.exchange.importer import Importer, ImportResult
from stegvis.exchange.readers import Problem

CHECK = "check"
WRITE = "write"

ProgressCallback = Callable[[str, int, int | None, int], None]


class _ReportingImporter(Importer):
    """The importer, telling ``on_progress`` how far it has come after each step it takes."""

    def __init__(self, sources, *, on_progress: ProgressCallback, **kwargs):
        super().__init__(sources, progress=False, **kwargs)
        self.on_progress = on_progress
        self.write_total = 0
        self.written_rows = 0

    def _tell(self, stage, done, total):
        self.on_progress(stage, done, total, self.result.errors.total)

    def check(self):
        self._tell(CHECK, 0, None)
        super().check()
        checked = sum(len(rows) for rows in self.all_rows.values())
        self._tell(CHECK, checked, checked)

    def write(self):
        self.write_total = (
            sum(len(self.rows[k]) for k in ("organizations", "projects", "enrollments", "language_levels"))
            + len(self.groups)
            + len(self.measurement_groups)
        )
        self._tell(WRITE, 0, self.write_total)
        super().write()

    def _guarded(self, kind, item, write):
        super()._guarded(kind, item, write)
        self.written_rows += 1
        self._tell(WRITE, self.written_rows, self.write_total)


def import_with_progress(
    sources, *, user=None, dry_run=False, progress: ProgressCallback | None = None
) -> ImportResult:
    """Import ``(filename, content)`` pairs like ``import_sources``, telling ``progress`` how it goes."""
    if progress is None:
        progress = _ignore
    return _ReportingImporter(sources, user=user, dry_run=dry_run, on_progress=progress).run()


def import_path_with_progress(path, *, user=None, dry_run=False, progress: ProgressCallback | None = None):
    """Import a folder or a .zip of one like ``import_path``, telling ``progress`` how it goes."""
    try:
        sources = readers.sources_from_path(path)
    except readers.SourceError as exc:
        return ImportResult(
            errors=readers.ProblemList([Problem(str(path), None, "", str(exc))]), dry_run=dry_run
        )
    return import_with_progress(sources, user=user, dry_run=dry_run, progress=progress)


def _ignore(stage, done, total, errors):
    return None


class ProgressBar:
    """A tqdm bar on stderr per stage ("Kontroll", then "Import"), with the errors found so far."""

    def __init__(self, file=None):
        self.file = file or sys.stderr
        self.stage = None
        self.bar = None
        self.errors = 0

    def __call__(self, stage, done, total, errors):
        if stage != self.stage:
            self.close()
            from tqdm import tqdm

            label = _("Kontroll") if stage == CHECK else _("Import")
            self.bar = tqdm(total=total, file=self.file, unit=_("rader"), desc=label, leave=False)
            self.stage = stage
        bar = self.bar
        assert bar is not None
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        if errors != self.errors:
            self.errors = errors
            bar.set_postfix_str(_("%(n)s fel") % {"n": errors}, refresh=False)
        if done > bar.n:
            bar.update(done - bar.n)  # tqdm redraws at most a few times a second

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
