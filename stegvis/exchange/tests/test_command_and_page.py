import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange.tests.helpers import basic_files, enrollments
from stegvis.participants.models import Enrollment, Person


def write_folder(path, files):
    path.mkdir(exist_ok=True)
    for name, content in files:
        (path / name).write_bytes(content)
    return path


# --- the command -----------------------------------------------------------------------------------


def test_command_imports_and_prints_the_summary(world, tmp_path):
    folder = write_folder(tmp_path / "in", basic_files())
    out = io.StringIO()
    call_command("import", str(folder), "--user", "admin", stdout=out)
    text = out.getvalue()
    assert "Importen är klar." in text
    assert "participants.csv" in text and "enrollments.csv" in text
    assert Person.objects.filter(refs__ref="P-1").exists()
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).user == world.users["admin"]


def test_command_dry_run_writes_nothing(world, tmp_path):
    folder = write_folder(tmp_path / "in", basic_files())
    out = io.StringIO()
    call_command("import", str(folder), "--dry-run", stdout=out)
    assert "Ingenting sparades" in out.getvalue()
    assert not Person.objects.filter(refs__ref="P-1").exists()
    assert not AuditEntry.objects.filter(action=AuditAction.IMPORT).exists()


def test_command_exits_1_and_prints_the_errors_as_a_table(world, tmp_path):
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    folder = write_folder(tmp_path / "in", files)
    out = io.StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import", str(folder), stdout=out)
    assert err.value.returncode == 1
    text = out.getvalue()
    assert "fil" in text and "rad" in text and "kolumn" in text and "fel" in text
    assert "enrollments.csv  4    start_date" in text
    assert not Enrollment.objects.filter(person__refs__ref="P-2").exists()


def test_command_refuses_an_unknown_user_and_a_missing_path(world, tmp_path):
    with pytest.raises(CommandError, match="ingen användare"):
        call_command("import", str(tmp_path), "--user", "nobody")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "saknas"), stdout=out)
    assert "Hittar inte" in out.getvalue()


def test_progress_bar_goes_to_stderr_when_asked(world, tmp_path):
    folder = write_folder(tmp_path / "in", basic_files())
    out, err = io.StringIO(), io.StringIO()
    import sys

    real = sys.stderr
    sys.stderr = err
    try:
        call_command("import", str(folder), "--progress", stdout=out)
    finally:
        sys.stderr = real
    assert "Import:" in err.getvalue() and "/4 " in err.getvalue()  # 2 persons + 2 enrolments
    assert "/4 " not in out.getvalue()


# --- the page --------------------------------------------------------------------------------------


def uploads(files):
    return [SimpleUploadedFile(name, content) for name, content in files]


def test_admin_uploads_several_files_and_sees_the_summary(world, login_as, post_job):
    client = login_as(world.users["admin"])
    response = post_job(client, reverse("exchange:import"), {"files": uploads(basic_files())})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Importen är klar." in text
    assert "<caption>" in text and 'scope="col"' in text
    assert Person.objects.filter(refs__ref="P-2").exists()
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).user == world.users["admin"]


def test_admin_sees_errors_in_a_table_and_nothing_is_written(world, login_as, post_job):
    client = login_as(world.users["admin"])
    files = basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2023-06-01,,,"])
    response = post_job(client, reverse("exchange:import"), {"files": uploads(files)})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'role="alert"' in text and "Importen avbröts" in text
    assert "<td>enrollments.csv</td><td>4</td><td>start_date</td>" in text
    assert not Person.objects.filter(refs__ref="P-1").exists()


def test_dry_run_checkbox_writes_nothing(world, login_as, post_job):
    client = login_as(world.users["admin"])
    response = post_job(
        client, reverse("exchange:import"), {"files": uploads(basic_files()), "dry_run": "on"}
    )
    assert "Ingenting sparades (bara kontroll)" in response.content.decode()
    assert not Person.objects.filter(refs__ref="P-1").exists()


def test_zip_upload(world, login_as, tmp_path, post_job):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in basic_files():
            archive.writestr(f"data/{name}", content)
    client = login_as(world.users["admin"])
    response = post_job(
        client, reverse("exchange:import"), {"files": [SimpleUploadedFile("data.zip", buffer.getvalue())]}
    )
    assert "Importen är klar." in response.content.decode()
    assert Enrollment.objects.filter(person__refs__ref="P-1").exists()


def test_broken_zip_and_wrong_file_type_are_messages_not_500(world, login_as, post_job):
    client = login_as(world.users["admin"])
    response = post_job(
        client, reverse("exchange:import"), {"files": [SimpleUploadedFile("data.zip", b"not a zip")]}
    )
    assert response.status_code == 200 and "Zip-filen går inte att öppna" in response.content.decode()
    response = client.post(reverse("exchange:import"), {"files": [SimpleUploadedFile("data.pdf", b"%PDF")]})
    assert response.status_code == 200 and "varken .zip, .csv eller .xlsx" in response.content.decode()


def test_a_post_without_files_starts_no_job(world, login_as):
    from stegvis.exchange.models import ExchangeJob

    response = login_as(world.users["admin"]).post(reverse("exchange:import"), {"dry_run": "on"})
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert not ExchangeJob.objects.exists()


def test_form_page_is_accessible(world, login_as):
    text = login_as(world.users["admin"]).get(reverse("exchange:import")).content.decode()
    assert 'for="id_files"' in text and 'for="id_dry_run"' in text
    assert "Bara kontrollera (skriv inget)" in text
    assert 'enctype="multipart/form-data"' in text


@pytest.mark.parametrize("role", ["coord_kba", "leader", "evaluator", "norole"])
def test_only_administrators_may_import(world, login_as, role):
    client = login_as(world.users[role])
    assert client.get(reverse("exchange:import")).status_code == 403
    response = client.post(reverse("exchange:import"), {"files": uploads([enrollments()])})
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(reverse("exchange:import")).status_code == 302
