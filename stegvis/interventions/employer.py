"""The "Praktik och arbetsträning" panel of an employer's page (:mod:`stegvis.employers.sections`).

Only the placements the user may see under the participant rules (``Placement.objects.restrict``):
a project leader sees every placement of their project at the employer, a coordinator those of
the enrolments their organisation made. The participants' names are personal data, so showing
them is audited like a list: one entry per placement shown, tied to its person, in one INSERT.
One query for the placements, one for the audit entries, however many there are.
"""

from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record_many
from stegvis.core.access import VIEW
from stegvis.interventions.models import Placement


def employer_placements(user, employer):
    placements = list(
        Placement.objects.restrict(user, VIEW)
        .filter(employer=employer)
        .select_related(
            "participation__intervention",
            "participation__enrollment__person",
            "participation__enrollment__project",
        )
        .order_by("-participation__start_date", "-pk")
    )
    if placements:
        record_many(
            user,
            AuditAction.VIEW,
            placements,
            detail=_("Praktikplatser hos arbetsgivare"),
            person_ids=[p.participation.enrollment.person_id for p in placements],
        )
    return {"placements": placements}
