"""Who may open the transfer pages (merged into the URL walk).

The proposal in the walk moves anna's enrolment from Kungsbacka to Mölndal: Kungsbacka's
coordinator is the sender (may withdraw), Mölndal's the receiver (may answer); each is 404 on
the other side's form, as for a transfer that does not exist. SPiK's coordinator sees nothing.
"""

from stegvis.core.tests.roles import ANNA, MISSING, OK, PERSONAL_DATA_PAGES, anna_enrollment, statuses
from stegvis.transfers.testing import anna_transfer_kwargs

BOTH_SIDES = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING)
RECEIVER = statuses(admin=OK, leader=OK, coord_kba=MISSING, coord_mdl=OK, coord_spik=MISSING)
SENDER = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING)

EXPECTED = {
    "transfers:list": (None, PERSONAL_DATA_PAGES),
    "transfers:propose": (anna_enrollment, ANNA),
    "transfers:detail": (anna_transfer_kwargs, BOTH_SIDES),
    "transfers:accept": (anna_transfer_kwargs, RECEIVER),
    "transfers:decline": (anna_transfer_kwargs, RECEIVER),
    "transfers:withdraw": (anna_transfer_kwargs, SENDER),
}
