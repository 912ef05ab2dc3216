import datetime

from stegvis.participants import actions as participant_actions
from stegvis.progression import actions
from stegvis.progression.measuring.language import language_steps

D = datetime.date


def level(person, day, framework, value):
    actions.record_language_level(None, person, date=day, framework=framework, level=value)


def test_language_steps_counts_persons_with_two_levels_and_a_higher_latest(world, django_assert_num_queries):
    anna, bo, cia = world.persons["anna"], world.persons["bo"], world.persons["cia"]
    project = world.projects["helhetslyftet"]
    level(anna, D(2023, 1, 15), "sfi", "A")
    level(anna, D(2023, 3, 15), "sfi", "C")
    level(anna, D(2023, 6, 15), "sfi", "B")  # latest B is still above the first A
    level(bo, D(2023, 2, 15), "sfi", "B")
    level(bo, D(2023, 5, 15), "sfi", "B")  # stayed
    level(bo, D(2023, 2, 15), "cefr", "A2")
    level(bo, D(2023, 5, 15), "cefr", "B1")
    level(cia, D(2021, 4, 1), "sfi", "A")  # cia is not in Helhetslyftet
    level(cia, D(2021, 9, 1), "sfi", "D")
    with django_assert_num_queries(1):
        figures = language_steps(project, on=D(2024, 1, 1))
    assert figures == {
        "sfi": {"measured": 2, "moved": 1, "share": 0.5},
        "cefr": {"measured": 1, "moved": 1, "share": 1.0},
    }
    assert language_steps(world.projects["spik"], on=D(2024, 1, 1))["sfi"] == {
        "measured": 1,
        "moved": 1,
        "share": 1.0,
    }


def test_language_steps_only_counts_levels_up_to_the_date(world):
    anna = world.persons["anna"]
    project = world.projects["helhetslyftet"]
    level(anna, D(2023, 1, 15), "cefr", "A1")
    level(anna, D(2023, 3, 15), "cefr", "A2")
    assert language_steps(project, on=D(2023, 2, 1))["cefr"] == {"measured": 0, "moved": 0, "share": 0}
    assert language_steps(project, on=D(2023, 3, 15))["cefr"] == {"measured": 1, "moved": 1, "share": 1.0}
    # Not enrolled yet on the date: not counted.
    assert language_steps(project, on=D(2023, 1, 1))["cefr"] == {"measured": 0, "moved": 0, "share": 0}


def test_a_person_with_two_enrolments_counts_once(world):
    anna = world.persons["anna"]
    project = world.projects["helhetslyftet"]
    e = world.enrollments["anna"]
    participant_actions.register_exit(None, e, version=e.version, end_date=D(2023, 3, 1), exit_reason="annat")
    participant_actions.enroll_participant(
        None, anna, project=project, organization=world.orgs["kungsbacka"], start_date=D(2023, 6, 1)
    )
    level(anna, D(2023, 1, 15), "sfi", "B")
    level(anna, D(2023, 7, 15), "sfi", "D")
    assert language_steps(project, on=D(2024, 1, 1))["sfi"] == {"measured": 1, "moved": 1, "share": 1.0}


def test_the_report_has_the_language_section(world):
    """ "Moved a step in SFI" is a figure of the project report (JSON and page)."""
    import io
    import json

    from django.core.management import call_command

    from stegvis.progression import actions

    anna = world.persons["anna"]
    actions.record_language_level(None, anna, date=D(2023, 2, 1), framework="sfi", level="B")
    actions.record_language_level(None, anna, date=D(2023, 9, 1), framework="sfi", level="C")
    out = io.StringIO()
    call_command("report", "helhetslyftet", "--format", "json", "--on", "2024-01-01", stdout=out)
    language = json.loads(out.getvalue())["language"]
    assert language["sfi"] == {"measured": 1, "moved": 1, "share": 1.0}
    assert language["cefr"] == {"measured": 0, "moved": 0, "share": 0}


def test_the_report_page_shows_the_language_section(world, login_as):
    from stegvis.progression import actions

    anna = world.persons["anna"]
    actions.record_language_level(None, anna, date=D(2023, 2, 1), framework="sfi", level="A")
    actions.record_language_level(None, anna, date=D(2023, 9, 1), framework="sfi", level="B")
    html = login_as(world.users["evaluator"]).get("/projekt/helhetslyftet/?on=2024-01-01").content.decode()
    assert "Språkprogression" in html
    assert "Andersson" not in html  # aggregates only, never a name
