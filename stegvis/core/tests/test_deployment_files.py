"""The deployment guide and the files in ``deploy/`` agree with the code and with each other.

An IT department installs Stegvis from ``docs/deployment.md`` and ``deploy/``; a variable the code
reads but the guide does not list, or a container that runs other commands or keeps its data
elsewhere than the systemd services, is a step that fails on their server. The container image
cannot be built on machines without a registry, so its consistency with the tested systemd path
is checked here instead.
"""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "docs" / "deployment.md"
DEPLOY = ROOT / "deploy"

# Read by the test suite only, never by an installation.
TEST_ONLY = {"STEGVIS_TEST_DB_NAME"}


def _variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "stegvis").rglob("*.py"):
        if "tests" in path.parts:
            continue
        names.update(re.findall(r"[\"'](STEGVIS_[A-Z0-9_]+)[\"']", path.read_text()))
    return names - TEST_ONLY


def _documented_variables() -> set[str]:
    text = GUIDE.read_text()
    table = text[text.index("## Environment variables") :]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", table, re.MULTILINE)) | set(
        re.findall(r"^\| `[A-Z0-9_]+`, `([A-Z][A-Z0-9_]+)`", table, re.MULTILINE)
    )


def test_every_variable_the_code_reads_is_in_the_guide_s_one_table():
    missing = _variables_read_by_the_code() - _documented_variables()
    assert not missing, f"not in the table of docs/deployment.md: {sorted(missing)}"


def test_the_example_settings_use_only_documented_variables():
    example = (DEPLOY / "stegvis.env.example").read_text()
    used = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    assert {"STEGVIS_SECRET_KEY", "STEGVIS_HTTPS", "STEGVIS_ALLOWED_HOSTS", "DATABASE_URL"} <= used
    assert not used - _documented_variables(), sorted(used - _documented_variables())


def _unit(name: str) -> str:
    return (DEPLOY / "systemd" / name).read_text()


def test_the_services_share_one_data_folder_and_one_settings_file():
    for name in ("stegvis-web.service", "stegvis-worker.service", "stegvis-backup.service"):
        unit = _unit(name)
        assert "Environment=STEGVIS_VAR_DIR=%S/stegvis" in unit, name
        assert "EnvironmentFile=/etc/stegvis/stegvis.env" in unit, name
    assert "ExecStart=/opt/stegvis/.venv/bin/stegvis serve" in _unit("stegvis-web.service")
    assert "ExecStart=/opt/stegvis/.venv/bin/stegvis worker" in _unit("stegvis-worker.service")


def test_the_container_runs_the_same_commands_with_the_same_data_folder():
    containerfile = (DEPLOY / "Containerfile").read_text()
    compose = (DEPLOY / "compose.yaml").read_text()
    # %S/stegvis in the units is /var/lib/stegvis.
    assert "STEGVIS_VAR_DIR=/var/lib/stegvis" in containerfile
    assert "VOLUME /var/lib/stegvis" in containerfile
    assert "stegvis-var:/var/lib/stegvis" in compose
    assert "--require-hashes -r requirements/base.txt" in containerfile
    commands = re.findall(r'\["stegvis", "([a-z-]+)"', containerfile + compose)
    assert {"serve", "worker", "migrate"} <= set(commands)
    known = get_commands()
    assert all(command in known for command in commands), commands
    assert "env_file: stegvis.env" in compose


def test_the_guide_names_only_files_that_exist():
    named = set(re.findall(r"`(deploy/[^`\s]+)`", GUIDE.read_text()))
    assert len(named) >= 8
    missing = [name for name in named if not (ROOT / name).exists()]
    assert not missing, missing
