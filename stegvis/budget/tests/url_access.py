"""Who may open the budget pages (merged into the URL walk).

Reading follows report access: everyone with a role in Helhetslyftet, evaluators included (a
budget is aggregates); SPiK's coordinator gets 404. Changing is for administrators and the project
leader; the project's coordinators and evaluators get 403.
"""

from stegvis.core.tests.roles import HELHETSLYFTET_REPORT, MISSING, OK, helhetslyftet, statuses

CHANGE_PAGES = statuses(admin=OK, leader=OK, coord_spik=MISSING)


def helhetslyftet_month(w):
    return {"code": w.projects["helhetslyftet"].code, "year": 2023, "month": 3}


EXPECTED = {
    "budget:overview": (helhetslyftet, HELHETSLYFTET_REPORT),
    "budget:xlsx": (helhetslyftet, HELHETSLYFTET_REPORT),
    "budget:plan": (helhetslyftet, CHANGE_PAGES),
    "budget:actual_month": (helhetslyftet_month, CHANGE_PAGES),
    "budget:import": (helhetslyftet, CHANGE_PAGES),
    "budget:rates": (helhetslyftet, CHANGE_PAGES),
}
