import datetime

import pytest

from stegvis.casework import figures
from stegvis.casework.testing import anna_entry, anna_goal, anna_step
from stegvis.participants.models import Enrollment

ON = datetime.date(2023, 5, 1)


def _plan(world):
    """anna: one overdue, one due soon, one later, one done, one overdue but called off; bo: one due."""
    goal = anna_goal(world)
    day = ON - datetime.timedelta(days=1)
    anna_step(world, goal, what="Försenat", due_date=day, status="pagar")
    anna_step(
        world,
        goal,
        what="Snart",
        due_date=ON + datetime.timedelta(days=14),
        owner="annan",
        owner_name="Arbetsförmedlingen",
    )
    anna_step(world, goal, what="Senare", due_date=ON + datetime.timedelta(days=15))
    anna_step(world, goal, what="Klart", due_date=day, status="klar", owner="deltagare")
    anna_step(world, goal, what="Inställt", due_date=day, status="installd")
    anna_step(world, goal, what="Utan datum", due_date=None)
    from stegvis.casework.actions import create_goal, create_step

    bo_goal = create_goal(None, world.enrollments["bo"], horizon="kort", direction="studier", text="SFI C")
    create_step(None, bo_goal, what="Börja SFI C", owner="annan", owner_name="SFI", due_date=ON)


@pytest.mark.django_db
def test_plan_step_counts_per_enrolment_in_one_query(world, django_assert_num_queries):
    _plan(world)
    with django_assert_num_queries(1):
        rows = {r["pk"]: r for r in figures.plan_step_counts(Enrollment.objects.all(), ON)}
    anna, bo, cia = (world.enrollments[n].pk for n in ("anna", "bo", "cia"))
    assert rows[anna] == {"pk": anna, "steps_open": 4, "steps_due": 1, "steps_overdue": 1, "steps_done": 1}
    assert rows[bo] == {"pk": bo, "steps_open": 1, "steps_due": 1, "steps_overdue": 0, "steps_done": 0}
    assert rows[cia] == {"pk": cia, "steps_open": 0, "steps_due": 0, "steps_overdue": 0, "steps_done": 0}
    wider = {
        r["pk"]: r
        for r in figures.plan_step_counts(Enrollment.objects.filter(pk=anna), ON, lookahead_days=30)
    }
    assert list(wider) == [anna] and wider[anna]["steps_due"] == 2


@pytest.mark.django_db
def test_due_steps_are_the_worklist_rows(world, django_assert_num_queries):
    _plan(world)
    visible = Enrollment.objects.restrict(world.users["coord_kba"], "view")
    with django_assert_num_queries(1):
        rows = [
            (s.what, s.overdue, s.goal.enrollment.person.first_name) for s in figures.due_steps(visible, ON)
        ]
    assert rows == [("Försenat", True, "Anna"), ("Snart", False, "Anna")]
    everyone = [s.what for s in figures.due_steps(Enrollment.objects.all(), ON)]
    assert everyone == ["Försenat", "Börja SFI C", "Snart"]


@pytest.mark.django_db
def test_mapping_coverage_and_owners_and_totals(world, django_assert_num_queries):
    _plan(world)
    anna_entry(world, area="halsa")
    anna_entry(world, area="sprak", own_words="", strengths="", obstacles="Behöver tolk")
    enrollments = Enrollment.objects.all()
    with django_assert_num_queries(1):
        coverage = {r["pk"]: r["areas_mapped"] for r in figures.mapping_coverage(enrollments)}
    assert coverage == {
        world.enrollments["anna"].pk: 2,
        world.enrollments["bo"].pk: 0,
        world.enrollments["cia"].pk: 0,
    }
    with django_assert_num_queries(1):
        owners = figures.steps_by_owner(enrollments)
    assert owners == {
        "koordinator": {"steps": 4, "enrollments": 1},
        "annan": {"steps": 2, "enrollments": 2},
        "deltagare": {"steps": 1, "enrollments": 1},
    }
    with django_assert_num_queries(1):
        totals = figures.casework_totals(enrollments, ON)
    assert totals == {"enrollments": 3, "with_mapping": 1, "with_plan": 2, "with_overdue_step": 1}
