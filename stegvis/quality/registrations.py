"""Which records count as "something was registered" for an enrolment, for ``missing_exit``.

An active enrolment with no registration for :data:`IDLE_DAYS` days is probably one that was
never closed. Everything staff record while they work with a person counts, each by the date
it is about (not when it was typed in), so the rule can be taken as of any day:

- a contact (``contacts.Contact.contact_date``) or a SIP/network meeting (``meeting_date``);
- a follow-up during a support period after a job or study start (``followed_up_on``);
- a progression measurement, self-assessments included (``progression.Measurement.date``), and a
  language level of the person (``progression.LanguageLevel.date``);
- an intervention that started in the window, or one with an end date that runs into it;
- a follow-up of a praktik or arbetsträning placement (``PlacementFollowUp.date``);
- an entry in the mapping of the life situation (``casework.MappingEntry.recorded_on``);
- a plan goal or plan step written or changed (their ``updated_at``: plans carry no date of
  their own, and changing one is work done with the person);
- attendance "närvarande" at a session of a start group (the session's date; an absence is
  not work done with the person, and a long run of absences is exactly what this flags).

Not counted: consent (paperwork, not contact), a change of coordinator, and follow-ups after
exit (``outcomes``), which exist only for ended enrolments.
"""

import datetime

from django.db.models import Exists, OuterRef, Q

from stegvis.casework.models import MappingEntry, PlanGoal, PlanStep
from stegvis.cohorts.models import Attendance, AttendanceStatus
from stegvis.contacts.models import Contact, NetworkMeeting, SupportFollowUp
from stegvis.interventions.models import ParticipantIntervention, PlacementFollowUp
from stegvis.progression.models import LanguageLevel, Measurement

IDLE_DAYS = 180


def _between(field, after, on):
    return Q(**{f"{field}__gt": after, f"{field}__lte": on})


def _sources(after, on):
    """``(model, link to the outer enrolment, condition)`` for every kind of registration."""
    enrollment = {"enrollment_id": OuterRef("pk")}
    return [
        (Contact, enrollment, _between("contact_date", after, on)),
        (NetworkMeeting, enrollment, _between("meeting_date", after, on)),
        (SupportFollowUp, {"period__enrollment_id": OuterRef("pk")}, _between("followed_up_on", after, on)),
        (Measurement, enrollment, _between("date", after, on)),
        (LanguageLevel, {"person_id": OuterRef("person_id")}, _between("date", after, on)),
        (
            ParticipantIntervention,
            enrollment,
            _between("start_date", after, on) | Q(start_date__lte=on, end_date__gt=after),
        ),
        (
            PlacementFollowUp,
            {"placement__participation__enrollment_id": OuterRef("pk")},
            _between("date", after, on),
        ),
        (MappingEntry, {"mapping__enrollment_id": OuterRef("pk")}, _between("recorded_on", after, on)),
        (PlanGoal, enrollment, _between("updated_at__date", after, on)),
        (PlanStep, {"goal__enrollment_id": OuterRef("pk")}, _between("updated_at__date", after, on)),
        (
            Attendance,
            {"member__enrollment_id": OuterRef("pk")},
            _between("session__date", after, on) & Q(status=AttendanceStatus.PRESENT),
        ),
    ]


def registered_since(on: datetime.date, days: int = IDLE_DAYS) -> Q:
    """A ``Q`` over enrolments: something was registered in the ``days`` days up to ``on``.

    One ``EXISTS`` per kind of registration, OR-ed; each stops at the first row it finds.
    """
    after = on - datetime.timedelta(days=days)
    condition = Q()
    for model, link, when in _sources(after, on):
        condition |= Q(Exists(model._default_manager.filter(when, **link)))
    return condition
