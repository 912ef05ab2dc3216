"""A small, complete world for tests: two projects, three organisations, a user of every role.

Tests of every app build on :func:`build_world` so the access rules are exercised the same
way everywhere. The pytest fixture ``world`` in ``conftest.py`` returns it.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from stegvis.organizations.actions import grant_role, save_organization, save_project
from stegvis.organizations.models import Role
from stegvis.participants import actions

PASSWORD = "korrekt-häst-batteri-42"


@dataclass
class World:
    orgs: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    persons: dict = field(default_factory=dict)
    enrollments: dict = field(default_factory=dict)


def make_user(username, **extra):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, password=PASSWORD, first_name=extra.pop("first_name", username.title()), **extra
    )
    return user


def build_world():
    """Organisations kungsbacka, molndal (partner) and af; projects helhetslyftet and spik.

    Users: admin, leader (helhetslyftet), coord_kba (kungsbacka, helhetslyftet),
    coord_mdl (molndal, helhetslyftet), coord_spik (vaxjo, spik), evaluator (helhetslyftet),
    norole (logged in, no role). Persons: anna (kungsbacka), bo (molndal), cia (spik), each enrolled.
    """
    w = World()
    for code, name, kind in [
        ("kungsbacka", "Kungsbacka kommun", "kommun"),
        ("molndal", "Mölndals stad", "kommun"),
        ("vaxjo", "Växjö kommun", "kommun"),
        ("af", "Arbetsförmedlingen", "af"),
    ]:
        w.orgs[code], _c, _ch = save_organization(None, code=code, name=name, kind=kind)
    w.projects["helhetslyftet"], _c, _ch = save_project(
        None,
        code="helhetslyftet",
        name="Helhetslyftet",
        owner=w.orgs["kungsbacka"],
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2025, 6, 30),
        funder="amif",
    )
    w.projects["spik"], _c, _ch = save_project(
        None,
        code="spik",
        name="SPiK",
        owner=w.orgs["vaxjo"],
        start_date=datetime.date(2021, 2, 1),
        end_date=datetime.date(2022, 10, 31),
        funder="esf",
    )
    actions.add_project_partner(None, w.projects["helhetslyftet"], organization=w.orgs["molndal"])
    actions.add_project_partner(None, w.projects["spik"], organization=w.orgs["af"])

    w.users["admin"] = make_user("admin")
    grant_role(None, w.users["admin"], role=Role.ADMINISTRATOR)
    w.users["leader"] = make_user("leader")
    grant_role(None, w.users["leader"], role=Role.PROJECT_LEADER, project=w.projects["helhetslyftet"])
    w.users["coord_kba"] = make_user("coord_kba")
    grant_role(
        None,
        w.users["coord_kba"],
        role=Role.COORDINATOR,
        organization=w.orgs["kungsbacka"],
        project=w.projects["helhetslyftet"],
    )
    w.users["coord_mdl"] = make_user("coord_mdl")
    grant_role(
        None,
        w.users["coord_mdl"],
        role=Role.COORDINATOR,
        organization=w.orgs["molndal"],
        project=w.projects["helhetslyftet"],
    )
    w.users["coord_spik"] = make_user("coord_spik")
    grant_role(None, w.users["coord_spik"], role=Role.COORDINATOR, organization=w.orgs["vaxjo"])
    w.users["evaluator"] = make_user("evaluator")
    grant_role(None, w.users["evaluator"], role=Role.EVALUATOR, project=w.projects["helhetslyftet"])
    w.users["norole"] = make_user("norole")

    w.persons["anna"] = actions.register_person(
        None,
        organization=w.orgs["kungsbacka"],
        personnummer="19850101-0204",
        first_name="Anna",
        last_name="Andersson",
        gender="K",
        ref="KBA-1",
    )
    w.persons["bo"] = actions.register_person(
        None,
        organization=w.orgs["molndal"],
        first_name="Bo",
        last_name="Berg",
        gender="M",
        birth_year=1990,
        ref="MDL-1",
    )
    w.persons["cia"] = actions.register_person(
        None,
        organization=w.orgs["vaxjo"],
        personnummer="197002020209",
        protected_identity=True,
        first_name="Cia",
        last_name="Ceder",
        gender="K",
    )
    # (person, project, organisation, start date, referrer, coordinator)
    for key, project, org, start, referrer, coordinator in [
        ("anna", "helhetslyftet", "kungsbacka", datetime.date(2023, 1, 10), "af", "coord_kba"),
        ("bo", "helhetslyftet", "molndal", datetime.date(2023, 2, 1), "forsorjningsstod", "coord_mdl"),
        ("cia", "spik", "vaxjo", datetime.date(2021, 3, 1), "fk", "coord_spik"),
    ]:
        w.enrollments[key] = actions.enroll_participant(
            None,
            w.persons[key],
            project=w.projects[project],
            organization=w.orgs[org],
            start_date=start,
            referrer=referrer,
            coordinator=w.users[coordinator],
        )
    return w


def audit_write_queries():
    """The statements one audit write takes: the chain's head and the INSERT (on PostgreSQL also
    the lock that keeps two writers from forking the chain); a page that audits its view costs this."""
    from django.db import connection

    return 3 if connection.vendor == "postgresql" else 2
