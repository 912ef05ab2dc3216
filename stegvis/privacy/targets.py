"""Which stored values each kind of retention removes, table by table.

A target is a model, the path from it to the enrolment (or person) it belongs to, and the value
each of its fields gets. Only free text and contact details are listed: every field a report
counts (dates, codes, choices, scores) stays, which is why thinning never changes a figure.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q

from stegvis.casework.models import MappingEntry, PlanGoal, PlanStep
from stegvis.consent.models import Consent
from stegvis.contacts.models import Contact, NetworkMeeting, SupportFollowUp, SupportPeriod
from stegvis.intake.models import CallbackAttempt, IntakeRequest
from stegvis.interventions.models import ParticipantIntervention, Placement, PlacementFollowUp
from stegvis.minsida.models import MinSidaLink
from stegvis.notifications.models import MessageLog
from stegvis.outcomes.models import ExitFollowUp
from stegvis.progression.models import SelfAssessmentLink
from stegvis.surveys.models import SurveyAnswer, SurveyLink
from stegvis.transfers.models import CaseTransfer
from stegvis.worklist.models import ItemDecision

# What a required text becomes: the plan still reads as a plan, and nothing of the text is left.
REMOVED = "[gallrad]"


@dataclass(frozen=True)
class Target:
    """Blank ``fields`` of ``model`` for the rows reached through ``path`` (ending in ``__``)."""

    model: type[models.Model]
    path: str
    fields: dict[str, Any]

    def rows(self, owners: Q | models.QuerySet) -> models.QuerySet:
        """The rows of the owners (a ``Q`` on the path, or a queryset of ids) still holding text."""
        if isinstance(owners, Q):
            rows = self.model._default_manager.filter(owners)
        else:
            rows = self.model._default_manager.filter(**{f"{self.path}in": owners})
        return rows.filter(reduce(or_, (~Q(**{name: blank}) for name, blank in self.fields.items())))

    def clear(self, owners: Q | models.QuerySet) -> int:
        """Blank the fields (and move ``version`` on, so an open form gets a conflict); rows changed."""
        values = dict(self.fields)
        if any(f.name == "version" for f in self.model._meta.concrete_fields):
            values["version"] = models.F("version") + 1
        return self.rows(owners).update(**values)


# Casework texts: what staff wrote about the person, per enrolment.
CASEWORK = (
    Target(MappingEntry, "mapping__enrollment__", {"own_words": "", "strengths": "", "obstacles": ""}),
    Target(PlanGoal, "enrollment__", {"text": REMOVED}),
    # The name of a step's other owner is an actor (e.g. Arbetsförmedlingen), required for that owner.
    Target(PlanStep, "goal__enrollment__", {"what": REMOVED}),
    Target(Contact, "enrollment__", {"note": "", "other_participants": ""}),
    Target(NetworkMeeting, "enrollment__", {"note": "", "actor_names": "", "decisions": []}),
    Target(SupportPeriod, "enrollment__", {"note": ""}),
    Target(SupportFollowUp, "period__enrollment__", {"note": ""}),
    Target(ParticipantIntervention, "enrollment__", {"note": ""}),
    Target(
        Placement,
        "participation__enrollment__",
        {"supervisor_name": "", "supervisor_phone": "", "supervisor_email": ""},
    ),
    Target(PlacementFollowUp, "placement__participation__enrollment__", {"note": ""}),
    Target(ExitFollowUp, "enrollment__", {"note": ""}),
    Target(Consent, "enrollment__", {"note": "", "withdrawal_note": ""}),
    # Why a case was proposed to another organisation, and why that was declined (both required
    # when written, so the text is replaced rather than emptied).
    Target(CaseTransfer, "enrollment__", {"note": REMOVED, "decline_reason": ""}),
    # Why staff dismissed or snoozed a reminder about the person (the decision itself stays).
    Target(ItemDecision, "enrollment__", {"reason": ""}),
)

# Free-text answers of surveys answered with name (anonymous answers have no enrolment at all).
ANSWERS = (Target(SurveyAnswer, "response__enrollment__", {"text": ""}),)

# Contact details and words of the person kept outside the person row, per person.
IDENTITY = (
    Target(
        IntakeRequest,
        "enrollment__person__",
        {"name": "", "phone": "", "email": "", "message": "", "outcome_note": ""},
    ),
    Target(CallbackAttempt, "request__enrollment__person__", {"note": ""}),
    Target(MessageLog, "person__", {"address": "", "text": ""}),
)

# One-time links: the token is replaced by a value no hash can equal, so the link is dead.
LINK_MODELS: tuple[type[models.Model], ...] = (SelfAssessmentLink, SurveyLink, MinSidaLink)
VOID_PREFIX = "gallrad-"

# Answers a participant gave on a self-assessment link but has not sent (a draft): emptied when the
# link is voided, and by every run once the link has expired, since they can no longer be sent.
LINK_DRAFTS = Target(SelfAssessmentLink, "enrollment__", {"draft_answers": {}, "draft_saved_at": None})
