"""The report's definitions (spec/report-json.md), each checked on a small hand-computed case."""

from datetime import timedelta

import pytest

from stegvis.participants import actions
from stegvis.participants.models import COUNTED_EXIT_REASONS, IntakeChannel, Referrer
from stegvis.reports import project_report
from stegvis.reports.figures import key_figures, key_figures_for_projects
from stegvis.reports.project_report import AGE_BANDS, build_report
from stegvis.reports.tests.helpers import D, enrol, make_project, person, personnummer_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    return make_project(world)


def test_empty_project_has_every_key_band_and_code_with_zero(project):
    report = build_report(project, on=D(2024, 1, 1))
    assert report["project"] == "testprojekt"
    assert report["on"] == "2024-01-01"
    assert report["enrollments"] == report["unique_persons"] == report["active"] == 0
    assert report["by_gender"] == {"K": 0, "M": 0, "X": 0}
    assert report["by_gender_persons"] == {"K": 0, "M": 0, "X": 0}
    assert report["by_age_band"] == {band: 0 for band in AGE_BANDS}
    assert list(report["by_age_band"]) == ["-19", "20-29", "30-39", "40-49", "50-59", "60-"]
    assert report["by_referrer"] == {**{code: 0 for code in Referrer.values}, "okand": 0}
    assert report["by_intake_channel"] == {**{code: 0 for code in IntakeChannel.values}, "okand": 0}
    assert report["by_organization"] == {"kungsbacka": 0}
    assert report["exits"]["total"] == 0
    # Every reason of the exchange format; a registration in error is no exit and not among them.
    assert len(report["exits"]["by_reason"]) == 11 and "felregistrering" not in report["exits"]["by_reason"]
    assert report["exits"]["by_reason"] == {reason: 0 for reason in COUNTED_EXIT_REASONS}
    assert report["exits"]["by_reason_and_gender"] == {
        reason: {"K": 0, "M": 0, "X": 0} for reason in COUNTED_EXIT_REASONS
    }
    assert report["work_or_studies"] == {"count": 0, "share": 0}
    assert report["enrollment_days"] == {"mean": 0, "median": 0}
    # The progression app's provider answers even when nothing is measured.
    assert report["progression"]["measured"] == 0
    assert "new_in_period" not in report


def test_on_date_later_starts_do_not_exist_and_later_exits_are_still_active(world, project):
    enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 6, 30), reason="arbete")
    enrol(world, project, person(world, gender="M"), D(2023, 3, 1))
    enrol(world, project, person(world), D(2023, 8, 1))

    before_exit = build_report(project, on=D(2023, 5, 31))
    assert before_exit["enrollments"] == 2  # the August start does not exist yet
    assert before_exit["active"] == 2  # the exit on 30 June has not happened yet
    assert before_exit["exits"]["total"] == 0
    assert before_exit["exits"]["by_reason"]["arbete"] == 0
    assert before_exit["work_or_studies"] == {"count": 0, "share": 0}
    # Days run to ON for the active ones: 1 Jan -> 31 May = 150, 1 Mar -> 31 May = 91.
    assert before_exit["enrollment_days"] == {"mean": 120.5, "median": 120.5}

    on_exit_day = build_report(project, on=D(2023, 6, 30))
    assert on_exit_day["active"] == 1
    assert on_exit_day["exits"]["total"] == 1

    after = build_report(project, on=D(2023, 12, 31))
    assert after["enrollments"] == 3
    assert after["active"] == 2
    assert after["exits"]["by_reason_and_gender"]["arbete"] == {"K": 1, "M": 0, "X": 0}
    assert after["work_or_studies"] == {"count": 1, "share": 1.0}


def test_from_to_keeps_enrolments_overlapping_the_window(world, project):
    enrol(world, project, person(world), D(2022, 1, 1), end=D(2022, 3, 31), reason="flytt")  # a
    enrol(world, project, person(world), D(2022, 5, 1), end=D(2022, 12, 31), reason="studier")  # b
    enrol(world, project, person(world), D(2023, 2, 1))  # c, active
    enrol(world, project, person(world), D(2021, 1, 1), end=D(2023, 6, 30), reason="arbete")  # d
    on = D(2024, 1, 1)

    april = build_report(project, on=on, date_from=D(2022, 4, 1), date_to=D(2022, 4, 30))
    assert april["enrollments"] == 1  # only d runs through April 2022
    assert april["from"] == "2022-04-01" and april["to"] == "2022-04-30"
    assert april["new_in_period"] == 0 and april["exited_in_period"] == 0

    edges = build_report(project, on=on, date_from=D(2022, 3, 31), date_to=D(2022, 5, 1))
    assert edges["enrollments"] == 3  # a ends on the first day, b starts on the last: both overlap
    assert edges["new_in_period"] == 1  # b
    assert edges["exited_in_period"] == 1  # a
    # Exits of enrolments in scope count as of ON, also when after the window (d, b).
    assert edges["exits"]["total"] == 3

    only_from = build_report(project, on=on, date_from=D(2023, 1, 1))
    assert only_from["enrollments"] == 2  # c and d
    only_to = build_report(project, on=on, date_to=D(2021, 12, 31))
    assert only_to["enrollments"] == 1  # d


def test_enrolment_active_on_the_report_date_overlaps_up_to_that_date(world, project):
    enrol(world, project, person(world), D(2022, 1, 1), end=D(2022, 8, 31), reason="arbete")  # exit after ON
    enrol(
        world, project, person(world), D(2022, 1, 1), end=D(2022, 6, 5), reason="flytt"
    )  # ended before window
    report = build_report(project, on=D(2022, 6, 15), date_from=D(2022, 6, 10), date_to=D(2022, 12, 31))
    assert report["enrollments"] == 1
    assert report["active"] == 1
    assert report["exits"]["total"] == 0  # the August exit is not an exit yet
    assert report["exited_in_period"] == 0
    # A window that starts after ON can hold nothing: enrolments only run up to ON.
    assert build_report(project, on=D(2022, 6, 15), date_from=D(2022, 7, 1))["enrollments"] == 0


def test_age_on_start_date_from_birth_date_with_band_boundaries(world, project):
    born = D(1990, 6, 15)
    enrol(world, project, person(world, birth_year=1990, birth_date=born), D(2010, 6, 14))  # 19, day before
    enrol(world, project, person(world, birth_year=1990, birth_date=born), D(2010, 6, 15))  # 20 on birthday
    old = D(1950, 3, 1)
    enrol(world, project, person(world, birth_year=1950, birth_date=old), D(2010, 2, 28))  # 59
    enrol(world, project, person(world, birth_year=1950, birth_date=old), D(2010, 3, 1))  # 60
    report = build_report(project, on=D(2011, 1, 1))
    assert report["by_age_band"] == {"-19": 1, "20-29": 1, "30-39": 0, "40-49": 0, "50-59": 1, "60-": 1}


def test_age_from_personnummer_birth_date(world, project):
    number = personnummer_for(D(1984, 12, 31))
    who = actions.register_person(
        None, organization=world.orgs["kungsbacka"], personnummer=number, gender="M"
    )
    enrol(world, project, who, D(2014, 12, 30))  # 29 the day before turning 30
    assert build_report(project, on=D(2015, 1, 1))["by_age_band"]["20-29"] == 1


def test_age_with_birth_year_only_is_start_year_minus_birth_year(world, project):
    # Only a birth year: 2010 - 1990 = 20 even on 1 January, 2010 - 1991 = 19 even on 31 December.
    enrol(world, project, person(world, birth_year=1990), D(2010, 1, 1))
    enrol(world, project, person(world, birth_year=1991), D(2010, 12, 31))
    enrol(world, project, person(world, birth_year=1950), D(2010, 1, 1))  # 60
    enrol(world, project, person(world, birth_year=1951), D(2010, 12, 31))  # 59
    report = build_report(project, on=D(2011, 1, 1))
    assert report["by_age_band"] == {"-19": 1, "20-29": 1, "30-39": 0, "40-49": 0, "50-59": 1, "60-": 1}


def test_unique_persons_counts_a_re_enrolled_person_once(world, project):
    who = person(world, gender="K")
    enrol(world, project, who, D(2021, 1, 1), end=D(2021, 6, 30), reason="avbrott")
    enrol(world, project, who, D(2022, 1, 1))
    report = build_report(project, on=D(2022, 12, 31))
    assert report["enrollments"] == 2
    assert report["unique_persons"] == 1
    assert report["by_gender"] == {"K": 2, "M": 0, "X": 0}
    assert report["by_gender_persons"] == {"K": 1, "M": 0, "X": 0}


def test_anonymous_persons_count_once_each_and_merged_persons_once(world, project):
    # Two anonymous registrations alike in every detail are still two persons.
    first, second = person(world, gender="M", birth_year=1980), person(world, gender="M", birth_year=1980)
    enrol(world, project, first, D(2021, 1, 1))
    enrol(world, project, second, D(2021, 2, 1))
    assert build_report(project, on=D(2022, 1, 1))["unique_persons"] == 2

    # Registered twice by mistake: after merging, the enrolments point at the survivor.
    keep, duplicate = person(world, gender="K"), person(world, gender="K")
    enrol(world, project, keep, D(2021, 1, 1), end=D(2021, 3, 1), reason="annat")
    enrol(world, project, duplicate, D(2021, 6, 1))
    assert build_report(project, on=D(2022, 1, 1))["unique_persons"] == 4
    actions.merge_persons(None, keep, duplicate=duplicate)
    report = build_report(project, on=D(2022, 1, 1))
    assert report["enrollments"] == 4
    assert report["unique_persons"] == 3


def test_work_or_studies_share_is_rounded_to_four_decimals(world, project):
    for reason in ("arbete", "arbetsmarknadsutbildning", "flytt"):
        enrol(world, project, person(world), D(2021, 1, 1), end=D(2021, 2, 1), reason=reason)
    enrol(world, project, person(world), D(2021, 1, 1))  # active: not an exit
    report = build_report(project, on=D(2022, 1, 1))
    assert report["exits"]["total"] == 3
    assert report["work_or_studies"] == {"count": 2, "share": 0.6667}

    enrol(world, project, person(world), D(2021, 1, 1), end=D(2021, 2, 1), reason="studier")
    enrol(world, project, person(world), D(2021, 1, 1), end=D(2021, 2, 1), reason="sjukdom_vard")
    enrol(world, project, person(world), D(2021, 1, 1), end=D(2021, 2, 1), reason="ingen_kontakt")
    report = build_report(project, on=D(2022, 1, 1))
    assert report["work_or_studies"] == {"count": 3, "share": 0.5}


def test_zero_exits_gives_share_zero(world, project):
    enrol(world, project, person(world), D(2021, 1, 1))
    assert build_report(project, on=D(2022, 1, 1))["work_or_studies"] == {"count": 0, "share": 0}


def test_exits_by_reason_and_gender(world, project):
    enrol(world, project, person(world, gender="K"), D(2021, 1, 1), end=D(2021, 5, 1), reason="arbete")
    enrol(world, project, person(world, gender="M"), D(2021, 1, 1), end=D(2021, 5, 1), reason="arbete")
    enrol(world, project, person(world, gender="X"), D(2021, 1, 1), end=D(2021, 5, 1), reason="flytt")
    exits = build_report(project, on=D(2022, 1, 1))["exits"]
    assert exits["total"] == 3
    assert exits["by_reason"]["arbete"] == 2 and exits["by_reason"]["flytt"] == 1
    assert exits["by_reason_and_gender"]["arbete"] == {"K": 1, "M": 1, "X": 0}
    assert exits["by_reason_and_gender"]["flytt"] == {"K": 0, "M": 0, "X": 1}


def test_enrollment_days_mean_and_median(world, project):
    for days in (10, 20, 40):
        start = D(2021, 1, 1)
        enrol(
            world, project, person(world), start, end=D.fromordinal(start.toordinal() + days), reason="annat"
        )
    assert build_report(project, on=D(2022, 1, 1))["enrollment_days"] == {"mean": 23.3, "median": 20}
    # An active enrolment counts to ON: 1 Dec 2021 -> 1 Jan 2022 is 31 days; median of 10, 20, 31, 40.
    enrol(world, project, person(world), D(2021, 12, 1))
    assert build_report(project, on=D(2022, 1, 1))["enrollment_days"] == {"mean": 25.3, "median": 25.5}


def test_referrer_intake_channel_need_group_and_organization(world, project):
    group = actions.need_group_named(project, "Nyanlända")
    actions.need_group_named(project, "UVAS")
    actions.add_project_partner(None, project, organization=world.orgs["molndal"])
    enrol(
        world,
        project,
        person(world, gender="K"),
        D(2021, 1, 1),
        referrer="af",
        intake_channel="remiss",
        need_group=group,
    )
    enrol(world, project, person(world, gender="M"), D(2021, 1, 1), referrer="af")
    enrol(world, project, person(world), D(2021, 1, 1))
    report = build_report(project, on=D(2022, 1, 1))
    assert report["by_referrer"]["af"] == 2
    assert report["by_referrer"]["okand"] == 1
    assert report["by_referrer_and_gender"]["af"] == {"K": 1, "M": 1, "X": 0}
    assert report["by_intake_channel"]["remiss"] == 1 and report["by_intake_channel"]["okand"] == 2
    assert report["by_need_group"] == {"Nyanlända": 1, "UVAS": 0, "okand": 2}
    assert report["by_organization"] == {"kungsbacka": 3, "molndal": 0}


def test_other_projects_do_not_count(world, project):
    enrol(world, project, person(world), D(2021, 1, 1))
    # The world has two enrolments in Helhetslyftet and one in SPiK; none are in this project.
    assert build_report(project, on=D(2024, 1, 1))["enrollments"] == 1
    assert build_report(world.projects["helhetslyftet"], on=D(2024, 1, 1))["enrollments"] == 2


def _fill(world, project, n):
    for i in range(n):
        who = person(world, gender="KMX"[i % 3], birth_year=1960 + i % 40)
        end = D(2021, 6, 1) if i % 2 else None
        enrol(
            world,
            project,
            who,
            D(2021, 1, 1 + i % 28),
            end=end,
            reason=COUNTED_EXIT_REASONS[i % 11],
            referrer=Referrer.values[i % 9],
        )


def test_query_count_does_not_grow_with_enrolments(world, project, django_assert_max_num_queries):
    """The same number of queries with 5 and with 50 enrolments (every registered section included)."""
    captured = None
    for n, more in ((5, 5), (50, 45)):
        _fill(world, project, more)
        # The first run sets the budget (every registered section has a fixed few queries); the
        # point is the second: 50 enrolments take no more queries than 5. (44: the ``adaptations``
        # section added one aggregate, ``amif`` and ``course_evaluations`` their fixed few.)
        with django_assert_max_num_queries(len(captured) if captured else 44) as queries:
            report = build_report(project, on=D(2022, 1, 1), date_from=D(2021, 1, 1), date_to=D(2021, 12, 31))
        captured = captured or queries.captured_queries
        assert report["enrollments"] == n
    with django_assert_max_num_queries(1):
        key_figures_for_projects([project, world.projects["helhetslyftet"], world.projects["spik"]])


def test_key_figures_agree_with_the_report(world, project):
    _fill(world, project, 12)
    report = build_report(project, on=D(2022, 1, 1))
    figures = key_figures(project, on=D(2022, 1, 1))
    for key in ("enrollments", "unique_persons", "active", "by_gender", "work_or_studies"):
        assert figures[key] == report[key]
    assert figures["exits_total"] == report["exits"]["total"]
    many = key_figures_for_projects([project, world.projects["spik"]], on=D(2022, 1, 1))
    assert many[project.pk] == figures
    assert many[world.projects["spik"].pk]["enrollments"] == 1


def test_progression_section_comes_from_the_registered_provider(world, project):
    enrol(world, project, person(world), D(2021, 1, 1))
    seen = {}

    def provider(proj, enrollments, on):
        seen.update(project=proj, count=enrollments.count(), on=on)
        return {"measured": 0}

    with project_report.progression_provider_replaced(provider):
        report = build_report(project, on=D(2022, 1, 1))
    assert report["progression"] == {"measured": 0}
    assert seen == {"project": project, "count": 1, "on": D(2022, 1, 1)}


def test_database_figures_match_a_plain_python_reference(world, project):
    """Random enrolments: the database's age bands, days and counts equal a row-by-row computation."""
    import random
    import statistics

    rnd = random.Random(7)
    for i in range(40):
        born = D(1950, 1, 1) + timedelta(days=rnd.randint(0, 365 * 50))
        with_date = i % 2 == 0
        who = person(
            world,
            gender=rnd.choice("KMX"),
            birth_year=born.year,
            **({"birth_date": born} if with_date else {}),
        )
        start = D(2015, 1, 1) + timedelta(days=rnd.randint(0, 2500))
        end = start + timedelta(days=rnd.randint(0, 900)) if rnd.random() < 0.6 else None
        enrol(world, project, who, start, end=end, reason=rnd.choice(COUNTED_EXIT_REASONS))
    on = D(2021, 6, 30)
    report = build_report(project, on=on)

    from stegvis.participants.models import Enrollment

    rows = [
        e for e in Enrollment.objects.filter(project=project).select_related("person") if e.start_date <= on
    ]
    exited = [e for e in rows if e.end_date and e.end_date <= on]
    days = [((e.end_date if e in exited else on) - e.start_date).days for e in rows]

    def band(age):
        for limit, name in ((19, "-19"), (29, "20-29"), (39, "30-39"), (49, "40-49"), (59, "50-59")):
            if age <= limit:
                return name
        return "60-"

    bands = {name: 0 for name in AGE_BANDS}
    for e in rows:
        bands[band(e.person.age_on(e.start_date))] += 1
    assert report["enrollments"] == len(rows)
    assert report["active"] == len(rows) - len(exited)
    assert report["exits"]["total"] == len(exited)
    assert report["by_age_band"] == bands
    assert report["enrollment_days"]["median"] == statistics.median(days)
    assert report["enrollment_days"]["mean"] == pytest.approx(sum(days) / len(days), abs=0.05)
