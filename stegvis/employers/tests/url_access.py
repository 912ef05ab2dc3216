"""Who may open the employer pages (merged into the URL walk).

The register belongs to an organisation: the employer in these walks is Kungsbacka's, so
Kungsbacka's coordinator, the leader of Helhetslyftet (which Kungsbacka owns) and administrators
open it; Mölndal's and Växjö's coordinators get 404 as if it did not exist; evaluators see no
employer pages at all (403).
"""

from stegvis.core.tests.roles import MISSING, OK, PERSONAL_DATA_PAGES, statuses
from stegvis.employers.testing import kba_agreement_kwargs, kba_contact_kwargs, kba_employer_kwargs

KUNGSBACKA = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING)

EXPECTED = {
    "employers:list": (None, PERSONAL_DATA_PAGES),
    "employers:create": (None, PERSONAL_DATA_PAGES),
    "employers:detail": (kba_employer_kwargs, KUNGSBACKA),
    "employers:edit": (kba_employer_kwargs, KUNGSBACKA),
    "employers:contact_create": (kba_employer_kwargs, KUNGSBACKA),
    "employers:contact_edit": (kba_contact_kwargs, KUNGSBACKA),
    "employers:agreement_create": (kba_employer_kwargs, KUNGSBACKA),
    "employers:agreement_edit": (kba_agreement_kwargs, KUNGSBACKA),
    "employers:log_create": (kba_employer_kwargs, KUNGSBACKA),
}
