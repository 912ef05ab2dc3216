"""The headline figures of one benchmark run, gathered across the scripts for ``bench/all.py``.

Every script writes its own table into BENCHMARKS.md. To set the issue's targets beside what was
measured, ``bench/all.py`` runs the scripts one after the other and needs their figures in a form
it can read: with ``STEGVIS_BENCH_SUMMARY`` naming a JSON file, each script merges its figures into
that file under its own key. Run on their own (without the variable) the scripts write nothing.
"""

import json
import os
from pathlib import Path

ENV = "STEGVIS_BENCH_SUMMARY"


def record(key, figures):
    """Merge ``figures`` (JSON-ready) under ``key`` into the run's summary file, if there is one."""
    name = os.environ.get(ENV)
    if not name:
        return
    path = Path(name)
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = figures
    path.write_text(json.dumps(data, indent=2, default=str))


def load(path):
    """The figures recorded in ``path`` (empty when no script wrote any)."""
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else {}
