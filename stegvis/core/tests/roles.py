"""Roles and expected statuses for the URL access walk (:mod:`stegvis.core.tests.test_url_access`).

An app that adds pages may keep its expectations beside its tests, in
``stegvis/<app>/tests/url_access.py`` with a dict ``EXPECTED`` built from these helpers; the walk
merges every such dict into its own.
"""

ROLES = ["anonymous", "norole", "admin", "leader", "coord_kba", "coord_mdl", "coord_spik", "evaluator"]

OK, LOGIN, DENIED, MISSING = 200, 302, 403, 404


def statuses(default=DENIED, anonymous=LOGIN, **per_role):
    result = {role: default for role in ROLES}
    result["anonymous"] = anonymous
    result.update(per_role)
    return result


PUBLIC = statuses(default=OK, anonymous=OK)
ANY_ROLE = statuses(default=OK, norole=DENIED)
ADMIN_ONLY = statuses(admin=OK)
PERSONAL_DATA_PAGES = statuses(default=OK, norole=DENIED, evaluator=DENIED)
# Pages about anna, or her enrolment: Kungsbacka's coordinator and the project leader, not Mölndal or SPiK.
ANNA = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING)
# Report pages of Helhetslyftet: everyone with a role in it, evaluators included.
HELHETSLYFTET_REPORT = statuses(
    admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING, evaluator=OK
)


def anna(w):
    return {"pk": w.persons["anna"].pk}


def anna_enrollment(w):
    return {"pk": w.enrollments["anna"].pk}


def helhetslyftet(w):
    return {"code": w.projects["helhetslyftet"].code}
