"""Who may open the time-report pages (merged into the URL walk).

A project's pages (its month, the caseload grid, staff time) are for everyone working on it
(evaluators 403, SPiK's coordinator 404). Anna's month follows her enrolment. Unlocking a reported
month and the sums per organisation are for the project leader and administrators (coordinators
403). A staff-time row is unlocked by its manager; its own staff member gets 403.
"""

from stegvis.core.tests.roles import ANNA, DENIED, MISSING, OK, PERSONAL_DATA_PAGES, statuses
from stegvis.timereports.testing import (
    anna_locked_kwargs,
    anna_month_kwargs,
    cohort_month_kwargs,
    project_month_kwargs,
    staff_unlock_kwargs,
)

PROJECT = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING)
MANAGERS = statuses(admin=OK, leader=OK)
helhetslyftet = project_month_kwargs

EXPECTED = {
    "timereports:index": (None, PERSONAL_DATA_PAGES),
    "timereports:project_month": (project_month_kwargs, PROJECT),
    "timereports:project_month_xlsx": (project_month_kwargs, PROJECT),
    "timereports:caseload_grid": (project_month_kwargs, PROJECT),
    "timereports:cohort_grid": (cohort_month_kwargs, PROJECT),
    "timereports:participant_month": (anna_month_kwargs, ANNA),
    "timereports:participant_month_xlsx": (anna_month_kwargs, ANNA),
    "timereports:participant_unlock": (
        anna_locked_kwargs,
        statuses(admin=OK, leader=OK, coord_kba=DENIED, coord_mdl=MISSING, coord_spik=MISSING),
    ),
    "timereports:staff_month": (project_month_kwargs, PROJECT),
    "timereports:staff_unlock": (
        staff_unlock_kwargs,
        statuses(admin=OK, leader=OK, coord_kba=DENIED, coord_mdl=MISSING, coord_spik=MISSING),
    ),
    "timereports:summary": (lambda w: {"code": w.projects["helhetslyftet"].code}, MANAGERS),
    "timereports:summary_xlsx": (lambda w: {"code": w.projects["helhetslyftet"].code}, MANAGERS),
}
