"""Running the real ``stegvis`` command from a test, in a process of its own, with its own settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
_BIN = Path(sys.executable).parent
STEGVIS = [str(_BIN / "stegvis")] if (_BIN / "stegvis").exists() else [sys.executable, "-m", "stegvis.cli"]


def environment(**changes):
    """This process's environment with ``changes``, and without the test run's database name."""
    env = {**os.environ, **changes}
    env.pop("STEGVIS_TEST_DB_NAME", None)
    return env


def stegvis(*args, env, timeout=300):
    """Run ``stegvis ARGS`` to the end; the finished process (output as text)."""
    return subprocess.run(
        [*STEGVIS, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def get_json(path, env, timeout=120):
    """``(status, JSON body)`` of a GET of ``path``, made with Django's test client in another process."""
    code = (
        f"import json; from django.test import Client; r = Client().get({path!r}); "
        "print(json.dumps([r.status_code, r.json()]))"
    )
    done = stegvis("shell", "-v", "0", "-c", code, env=env, timeout=timeout)
    assert done.returncode == 0, done.stderr
    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    return status, body
