"""The row rules of stegvis.core.access, role by role."""

import datetime

from stegvis.core.access import CHANGE, REPORT, VIEW
from stegvis.organizations.models import Project
from stegvis.participants import actions
from stegvis.participants.models import Enrollment, Person


def names(qs):
    return sorted(p.first_name for p in qs)


def test_who_sees_which_person(world):
    u = world.users
    assert names(Person.objects.restrict(u["admin"], VIEW)) == ["Anna", "Bo", "Cia"]
    assert names(Person.objects.restrict(u["leader"], VIEW)) == ["Anna", "Bo"]
    assert names(Person.objects.restrict(u["coord_kba"], VIEW)) == ["Anna"]
    assert names(Person.objects.restrict(u["coord_mdl"], VIEW)) == ["Bo"]
    assert names(Person.objects.restrict(u["coord_spik"], VIEW)) == ["Cia"]
    assert names(Person.objects.restrict(u["evaluator"], VIEW)) == []
    assert names(Person.objects.restrict(u["norole"], VIEW)) == []
    assert names(Person.objects.restrict(u["evaluator"], REPORT)) == []


def test_rows_are_never_repeated(world):
    """A coordinator for all projects of an organisation that is partner in several projects,
    and persons with several enrolments, still give each row once."""
    w = world
    actions.add_project_partner(None, w.projects["helhetslyftet"], organization=w.orgs["vaxjo"])
    actions.add_project_partner(None, w.projects["spik"], organization=w.orgs["kungsbacka"])
    e = w.enrollments["cia"]
    actions.register_exit(None, e, version=e.version, end_date=datetime.date(2021, 6, 1), exit_reason="flytt")
    actions.enroll_participant(
        None,
        w.persons["cia"],
        project=w.projects["spik"],
        organization=w.orgs["vaxjo"],
        start_date=datetime.date(2022, 1, 3),
    )
    actions.enroll_participant(
        None,
        w.persons["cia"],
        project=w.projects["helhetslyftet"],
        organization=w.orgs["vaxjo"],
        start_date=datetime.date(2023, 1, 3),
    )
    persons = Person.objects.restrict(w.users["coord_spik"], VIEW)
    assert persons.count() == len(set(persons.values_list("pk", flat=True))) == 1
    enrollments = Enrollment.objects.restrict(w.users["coord_spik"], VIEW)
    assert enrollments.count() == 3
    projects = Project.objects.restrict(w.users["coord_spik"], REPORT)
    assert sorted(projects.values_list("code", flat=True)) == ["helhetslyftet", "spik"]


def test_registered_but_not_enrolled_is_seen_by_the_registering_organisation(world):
    new = actions.register_person(None, organization=world.orgs["kungsbacka"], gender="M", birth_year=2000)
    assert Person.objects.restrict(world.users["coord_kba"], VIEW).filter(pk=new.pk).exists()
    assert not Person.objects.restrict(world.users["coord_mdl"], VIEW).filter(pk=new.pk).exists()
    actions.enroll_participant(
        None,
        new,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["molndal"],
        start_date=datetime.date(2024, 1, 8),
    )
    # Once enrolled, the enrolment decides: Mölndal enrolled him.
    assert Person.objects.restrict(world.users["coord_mdl"], VIEW).filter(pk=new.pk).exists()
    assert not Person.objects.restrict(world.users["coord_kba"], VIEW).filter(pk=new.pk).exists()


def test_project_rules(world):
    u = world.users
    codes = lambda user, action: sorted(Project.objects.restrict(user, action).values_list("code", flat=True))  # noqa: E731
    assert codes(u["evaluator"], REPORT) == ["helhetslyftet"]
    assert codes(u["evaluator"], VIEW) == []
    assert codes(u["leader"], CHANGE) == ["helhetslyftet"]
    assert codes(u["coord_kba"], CHANGE) == []
    assert codes(u["norole"], REPORT) == []
    assert codes(u["admin"], CHANGE) == ["helhetslyftet", "spik"]
