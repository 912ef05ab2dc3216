"""How far an import has come, for a progress bar on the command line or a progress page.

The importer reports to one function, ``callback(stage, done, total, errors)``:

- ``stage``: ``"check"`` while the files' rows are read and checked, then ``"write"`` while the
  valid rows are written (also in a dry run, which writes and rolls back);
- ``done``: rows (for participants.csv: persons; for measurements.csv: measurements) handled so
  far in the stage; ``total``: how many the stage has, or ``None`` if not known;
- ``errors``: how many errors were found so far (all of them, not only the ones listed).

It is called when a stage starts and ends, and in between at most a few times a second
(:attr:`Progress.INTERVAL`), so a callback may write to a database or a terminal.
"""

import sys
import time
from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

CHECK = "check"
WRITE = "write"

Callback = Callable[[str, int, "int | None", int], None]


class Progress:
    """Counts rows and hands the count to a callback, throttled."""

    INTERVAL = 0.25  # seconds between two reports within a stage

    def __init__(self, callback: Callback | None = None):
        self.callback = callback
        self.stage = ""
        self.done = 0
        self.total: int | None = None
        self.errors = 0
        self._last = 0.0

    @classmethod
    def of(cls, progress: "bool | Callback | Progress | None") -> "Progress":
        """``progress`` as an importer takes it: a callback, ``True`` (a bar on standard error) or nothing."""
        if isinstance(progress, Progress):
            return progress
        if callable(progress):
            return cls(progress)
        return cls(TerminalBar() if progress else None)

    def start(self, stage: str, total: int | None, *, errors: int | None = None) -> None:
        self.stage, self.done, self.total = stage, 0, total
        if errors is not None:
            self.errors = errors
        self._report()

    def step(self, n: int = 1, *, errors: int | None = None) -> None:
        if self.callback is None:
            return
        self.done += n
        if errors is not None:
            self.errors = errors
        if time.monotonic() - self._last >= self.INTERVAL:
            self._report()

    def finish(self, *, errors: int | None = None) -> None:
        if errors is not None:
            self.errors = errors
        self._report()

    def close(self) -> None:
        close = getattr(self.callback, "close", None)
        if close is not None:
            close()

    def _report(self) -> None:
        if self.callback is not None and self.stage:
            self._last = time.monotonic()
            self.callback(self.stage, self.done, self.total, self.errors)


class TerminalBar:
    """A progress callback that draws a tqdm bar on standard error, one bar per stage."""

    LABELS = {"check": gettext_lazy("Kontroll"), "write": gettext_lazy("Import")}

    def __init__(self, file=None):
        self.file = file or sys.stderr
        self.stage = ""
        self.bar = None

    def __call__(self, stage: str, done: int, total: int | None, errors: int) -> None:
        if stage != self.stage or self.bar is None:
            self.close()
            from tqdm import tqdm

            self.stage = stage
            self.bar = tqdm(
                total=total,
                file=self.file,
                unit=_("rader"),
                desc=str(self.LABELS.get(stage, stage)),
                leave=False,
            )
        self.bar.total = total
        self.bar.n = done
        if errors:
            self.bar.set_postfix_str(_("%(n)s fel") % {"n": errors}, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
