"""Who may open the goals and implementation plan pages (merged into the URL walk).

Reading follows report access: everyone with a role in Helhetslyftet, evaluators included;
SPiK's coordinator gets 404. Changing follows project change rights: administrators and the
project leader; coordinators and evaluators of the project get 403.
"""

import datetime

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, MISSING, OK, helhetslyftet, statuses

CHANGE_PAGES = statuses(admin=OK, leader=OK, coord_spik=MISSING)


def helhetslyftet_goal(w):
    from stegvis.goals.actions import create_goal

    goal = create_goal(
        None,
        w.projects["helhetslyftet"],
        level="organisation",
        kind="qualitative",
        title="Samverkan mellan kommun, AF och FK är etablerad",
        status="pagar",
    )
    return {"code": w.projects["helhetslyftet"].code, "pk": goal.pk}


def helhetslyftet_step(w):
    from stegvis.goals.actions import create_step

    step = create_step(
        None,
        w.projects["helhetslyftet"],
        what="Rekrytering av koordinatorer",
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2022, 10, 31),
    )
    return {"code": w.projects["helhetslyftet"].code, "pk": step.pk}


EXPECTED = {
    "goals:goals": (helhetslyftet, HELHETSLYFTET_REPORT),
    "goals:plan": (helhetslyftet, HELHETSLYFTET_REPORT),
    "goals:goal_create": (helhetslyftet, CHANGE_PAGES),
    "goals:goal_edit": (helhetslyftet_goal, CHANGE_PAGES),
    "goals:step_create": (helhetslyftet, CHANGE_PAGES),
    "goals:step_edit": (helhetslyftet_step, CHANGE_PAGES),
}
