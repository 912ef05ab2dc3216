"""Who may open the data-quality pages (merged into the URL walk)."""

from stegvis.core.tests.roles import MISSING, OK, helhetslyftet, statuses

EXPECTED = {
    # Everyone who works on Helhetslyftet (each sees their own rows); evaluators never see the lists.
    "quality:project": (
        helhetslyftet,
        statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING),
    ),
    # Kungsbacka's page: those who may see one of its enrolments (the leader: anna) and its coordinators.
    "quality:organization": (
        lambda w: {"code": w.orgs["kungsbacka"].code},
        statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING),
    ),
}
