import datetime

import pytest

from stegvis.outcomes.actions import record_exit_follow_up
from stegvis.outcomes.models import Situation
from stegvis.outcomes.report import after_exit, after_exit_tables
from stegvis.outcomes.testing import anna_follow_up, end_enrollment
from stegvis.participants import actions as participant_actions
from stegvis.participants.models import Enrollment
from stegvis.reports.project_report import build_report
from stegvis.reports.tables import report_tables


def _setup(world):
    """anna (K) left for 'annat' on 2023-06-30 and had a job a month later; bo (M) left to work on 2023-03-31."""
    anna_follow_up(world, months=1, situation="arbete", work_extent=100)  # 2023-07-31
    bo = world.enrollments["bo"]
    end_enrollment(bo, day=datetime.date(2023, 3, 31), reason="arbete")
    record_exit_follow_up(None, bo, months=1, followed_up_on=datetime.date(2023, 5, 2), situation="ej_nadd")
    record_exit_follow_up(None, bo, months=3, followed_up_on=datetime.date(2023, 7, 3), situation="arbete")


@pytest.mark.django_db
def test_after_exit_counts_as_of_the_report_date(world):
    _setup(world)
    project = world.projects["helhetslyftet"]
    section = build_report(project, on=datetime.date(2023, 7, 31))["after_exit"]
    one, three, six = section["1"], section["3"], section["6"]
    assert set(one["by_situation"]) == set(Situation.values)
    # +1: bo (due 2023-04-30) and anna (due 2023-07-30) are due; both followed up.
    assert (one["due"], one["followed_up"]) == (2, 2)
    assert one["by_situation"]["arbete"] == 1 and one["by_situation"]["ej_nadd"] == 1
    assert one["work_or_studies"] == {"count": 1, "share": 0.5}
    combined = one["work_or_studies_at_exit_or_after"]
    assert (combined["count"], combined["at_exit"], combined["after_exit"], combined["share"]) == (
        2,
        1,
        1,
        1.0,
    )
    assert combined["by_gender"]["K"] == {"due": 1, "count": 1, "share": 1.0}
    assert one["by_gender"]["M"] == {"followed_up": 1, "work_or_studies": 0}
    # +3: only bo's point (2023-06-30) has passed.
    assert (three["due"], three["followed_up"], three["work_or_studies"]["count"]) == (1, 1, 1)
    assert (six["due"], six["followed_up"]) == (0, 0)
    assert six["work_or_studies"]["share"] == 0

    # A day earlier anna's follow-up had not happened and her +1 point had not passed.
    earlier = build_report(project, on=datetime.date(2023, 7, 29))["after_exit"]["1"]
    assert (earlier["due"], earlier["followed_up"]) == (1, 1)
    assert earlier["work_or_studies_at_exit_or_after"]["count"] == 1


@pytest.mark.django_db
def test_a_follow_up_after_the_report_date_is_not_counted(world):
    _setup(world)
    section = build_report(world.projects["helhetslyftet"], on=datetime.date(2023, 7, 2))["after_exit"]
    assert section["3"]["due"] == 1 and section["3"]["followed_up"] == 0  # bo's +3 was made on 2023-07-03


@pytest.mark.django_db
def test_query_count_does_not_depend_on_the_number_of_exits(world, django_assert_num_queries):
    _setup(world)
    project = world.projects["helhetslyftet"]
    on = datetime.date(2024, 6, 1)
    scope = Enrollment.objects.filter(project=project)
    with django_assert_num_queries(2):
        small = after_exit(project, scope, on)
    org = world.orgs["kungsbacka"]
    for i in range(12):
        person = participant_actions.register_person(
            None, organization=org, first_name=f"P{i}", gender="K", birth_year=1990
        )
        enrollment = participant_actions.enroll_participant(
            None, person, project=project, organization=org, start_date=datetime.date(2023, 1, 2)
        )
        end_enrollment(enrollment, day=datetime.date(2023, 2, 1), reason="studier" if i % 3 == 0 else "annat")
        record_exit_follow_up(
            None,
            enrollment,
            months=6,
            followed_up_on=datetime.date(2023, 8, 1),
            situation="studier" if i % 2 else "annan_insats",
        )
    with django_assert_num_queries(2):
        large = after_exit(project, scope, on)
    assert large["6"]["due"] == small["6"]["due"] + 12
    assert large["6"]["by_situation"]["studier"] == small["6"]["by_situation"]["studier"] + 6
    # Left to studies: i = 0, 3, 6, 9. In studies at +6 only after exit: odd i not among those = 1, 5, 7, 11.
    assert (
        large["6"]["work_or_studies_at_exit_or_after"]["at_exit"]
        == small["6"]["work_or_studies_at_exit_or_after"]["at_exit"] + 4
    )
    assert (
        large["6"]["work_or_studies_at_exit_or_after"]["after_exit"]
        == small["6"]["work_or_studies_at_exit_or_after"]["after_exit"] + 4
    )


@pytest.mark.django_db
def test_export_tables(world):
    _setup(world)
    report = build_report(world.projects["helhetslyftet"], on=datetime.date(2023, 7, 31))
    tables = {t.key: t for t in after_exit_tables(report)}
    assert set(tables) == {"after_exit", "after_exit_situation", "after_exit_gender"}
    overview = tables["after_exit"]
    assert len(overview.rows) == 3 and len(overview.rows[0]) == len(overview.columns)
    assert overview.rows[0][1:4] == [2, 2, 1.0]
    assert all(isinstance(overview.rows[0][i], float) for i in overview.percent_columns)
    assert [row[0] for row in tables["after_exit_situation"].rows][0] == "Arbete (även eget företag)"
    assert {t.key for t in report_tables(report)} >= set(tables)
    assert after_exit_tables({}) == []
