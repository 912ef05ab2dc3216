"""``stegvis report``: one JSON object on stdout, a Swedish table, Swedish errors with exit code 2."""

import io
import json

import pytest
from django.core.management import call_command

from stegvis.participants import actions
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import D, enrol, make_project, person

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", *args, stdout=out, stderr=err)
    return exit_info.value.code, out.getvalue(), err.getvalue()


def test_json_output_is_one_object_with_the_report(world):
    project = make_project(world)
    enrol(world, project, person(world, gender="K"), D(2021, 1, 1), end=D(2021, 3, 1), reason="studier")
    enrol(world, project, person(world, gender="M"), D(2021, 2, 1))
    out, err = run("testprojekt", "--format", "json", "--on", "2022-01-01")
    assert err == ""
    data = json.loads(out)
    expected = build_report(project, on=D(2022, 1, 1))
    data.pop("generated_at"), expected.pop("generated_at")
    assert data == expected
    assert data["on"] == "2022-01-01"
    assert data["enrollments"] == 2 and data["active"] == 1
    assert data["work_or_studies"] == {"count": 1, "share": 1.0}


def test_json_keeps_swedish_letters_and_passes_the_window(world):
    project = make_project(world)
    group = actions.need_group_named(project, "Nyanlända")
    enrol(world, project, person(world), D(2021, 1, 1), need_group=group)
    out, _err = run(
        "testprojekt", "--format", "json", "--on", "2022-01-01", "--from", "2021-06-01", "--to", "2021-06-30"
    )
    assert "Nyanlända" in out  # ensure_ascii=False
    data = json.loads(out)
    assert data["from"] == "2021-06-01" and data["to"] == "2021-06-30"
    assert data["new_in_period"] == 0 and data["enrollments"] == 1


def test_text_is_the_default_and_is_swedish(world):
    out, _err = run("helhetslyftet", "--on", "2024-01-01")
    assert "Projektrapport: Helhetslyftet" in out
    assert "Inskrivningar" in out and "Unika deltagare" in out
    assert "Arbetsförmedlingen" in out  # referrers with their Swedish labels
    assert "Åter till Arbetsförmedlingen" in out  # exit reasons too


@pytest.mark.parametrize(
    "args, message",
    [
        (("okänt",), "Det finns inget projekt med koden 'okänt'"),
        (("spik", "--on", "2023-13-01"), "--on: '2023-13-01' är inte ett giltigt datum"),
        (("spik", "--from", "igår"), "--from: 'igår' är inte ett giltigt datum"),
        (
            ("spik", "--from", "2023-03-01", "--to", "2023-01-01"),
            "--to: Till och med-datumet kan inte vara före",
        ),
        (("spik", "--on", "2999-01-01"), "--on: Rapportdatumet kan inte vara senare än i dag"),
        (
            ("spik", "--on", "2022-01-01", "--from", "2022-02-01"),
            "--from: Från och med-datumet kan inte vara efter",
        ),
    ],
)
def test_bad_input_gives_a_swedish_message_and_exit_code_2(world, args, message):
    code, out, err = run_failing(*args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_text_shows_the_progression_section_when_there_is_one(world):
    from stegvis.reports import project_report

    with project_report.progression_provider_replaced(
        lambda project, enrollments, on: {"measured": 3, "positive": 2, "negative": 1, "unchanged": 0}
    ):
        out, _err = run("helhetslyftet", "--on", "2024-01-01")
    assert "Stegförflyttning" in out
    assert "Positiv förändring" in out


def test_text_output_ends_with_the_follow_up_outcome_and_esf_tables(world):
    """The terminal shows the same tables as the exports for the follow-up, after-exit and ESF+ parts."""
    from stegvis.outcomes.testing import anna_follow_up
    from stegvis.reports.tables import tables_of
    from stegvis.reports.text_report import TABLE_PARTS

    anna_follow_up(world, months=1, situation="arbete")
    out, _err = run("helhetslyftet")
    tables = tables_of(build_report(world.projects["helhetslyftet"]), *TABLE_PARTS)
    titles = [t.title for t in tables]
    assert "Uppföljning efter avslut" in titles and any(t.startswith("ESF+") for t in titles)
    positions = [out.index(f"\n{title}\n") for title in titles]
    assert positions == sorted(positions)
    balance = next(t for t in tables if t.key.startswith("gender_balance"))
    assert balance.columns[0] in out
