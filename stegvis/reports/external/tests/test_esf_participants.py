"""The ESF+ participant data file: one row per enrolment, the SUS list's identity rules, audited."""

import csv
import io

from django.core.management import call_command
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.consent.actions import give_consent
from stegvis.reports.external.tests.test_esf import ON, esf_world  # noqa: F401 (fixture)


def _named(enrollment):
    """SUS (and this file) name only a person who consented to SUS reporting."""
    give_consent(None, enrollment, kind="sus", given_on=enrollment.start_date, method="skriftligt")


def _rows(content):
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_file_has_one_row_per_enrolment_with_the_esf_fields(esf_world, tmp_path):  # noqa: F811
    project, (e1, _e2, _e3, _e4, _e5) = esf_world
    _named(e1)
    out = tmp_path / "esf.csv"
    call_command("sus", project.code, "--esf", "-o", str(out), "--on", ON.isoformat())
    rows = _rows(out.read_bytes())
    assert len(rows) == 5  # the sixth starts after the report date
    young = next(r for r in rows if r["Personnummer"])
    assert young["Status på arbetsmarknaden vid start"] == "Arbetslös"
    assert young["Långtidsarbetslös"] == "ja"  # 7 months at 15: more than 6 under 25
    assert young["Utbildningsnivå vid start"] == "ISCED 0–2"
    assert (young["Utländsk bakgrund"], young["Medborgare i land utanför EU/EES"]) == ("ja", "nej")
    # Persons with a birth year only are anonymous: no voluntary answer, no country.
    anonymous = [r for r in rows if not r["Personnummer"]]
    assert {r["Deltagare"] for r in anonymous} == {"Anonym"}
    assert all(r["Funktionsnedsättning"] == "" for r in anonymous)
    leavers = {r["Situation vid avslut"] for r in rows}
    assert {"I arbete, inklusive egenföretagare", "I utbildning", "Arbetssökande"} <= leavers
    entry = AuditEntry.objects.filter(detail__contains="ESF+ deltagaruppgifter csv").get(
        object_id=str(project.pk)
    )
    assert "kommandorad" in entry.detail


def test_the_download_follows_the_sus_lists_rules_of_identity(esf_world, login_as, world):  # noqa: F811
    project, enrollments = esf_world
    _named(enrollments[0])
    url = reverse("reports:esf_participants_csv", args=[project.code]) + f"?on={ON.isoformat()}"
    admin = _rows(login_as(world.users["admin"]).get(url).content)
    assert any(r["Personnummer"] for r in admin)
    page = login_as(world.users["admin"]).get(
        reverse("reports:esf_indicators", args=[project.code]) + f"?on={ON}"
    )
    assert "esf-deltagare.xlsx" in page.content.decode()
    xlsx = login_as(world.users["admin"]).get(url.replace(".csv", ".xlsx"))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
