import io

import pytest
from django.core.management import CommandError, call_command

from stegvis.core.access import scope_of
from stegvis.organizations.models import StaffRole


def test_add_coordinator_with_password_from_stdin(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("ett-långt-lösenord-99\n"))
    out = io.StringIO()
    call_command(
        "staff",
        "add",
        "ny.koordinator",
        "--role",
        "coordinator",
        "--organization",
        "kungsbacka",
        "--project",
        "helhetslyftet",
        "--password-stdin",
        stdout=out,
    )
    role = StaffRole.objects.get(user__username="ny.koordinator")
    assert role.organization.code == "kungsbacka"
    assert scope_of(role.user).has_personal_data_access
    assert role.user.check_password("ett-långt-lösenord-99")


def test_weak_password_and_missing_scope_are_refused(world, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    with pytest.raises(CommandError):
        call_command("staff", "add", "svag", "--role", "evaluator", "--password-stdin")
    with pytest.raises(CommandError, match="organisation"):
        call_command("staff", "add", "admin", "--role", "coordinator")


def test_list(world):
    out = io.StringIO()
    call_command("staff", "list", stdout=out)
    assert "coord_kba" in out.getvalue()
