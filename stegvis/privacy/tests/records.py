"""Test helper: give anna of the test world one record of every kind the extract gathers."""

import datetime

from stegvis.casework.models import LifeArea, Mapping, MappingEntry, PlanGoal, PlanStep
from stegvis.consent.models import Consent
from stegvis.contacts.models import Contact, NetworkMeeting
from stegvis.outcomes.models import ExitFollowUp
from stegvis.progression.measuring.testing import anna_measurement
from stegvis.surveys.models import Survey, SurveyAnswer, SurveyResponse

DAY = datetime.date(2023, 2, 1)


def add_contacts(world, count, start=DAY):
    enrollment = world.enrollments["anna"]
    for n in range(count):
        contact = Contact.objects.create(
            enrollment=enrollment,
            contact_date=start + datetime.timedelta(days=n),
            channel="mote",
            note=f"Samtal nummer {n + 1} om praktik på ÅVC i Öckerö",
            recorded_by=world.users["coord_kba"],
        )
        contact.staff.add(world.users["coord_kba"])


def add_measurements(world, count, start=DAY):
    for n in range(count):
        anna_measurement(world, day=start + datetime.timedelta(days=n * 30), q1=3 + n % 5, q2=5)


def fill_anna(world, contacts=1, measurements=1):
    """One consent, mapping entry, goal, step, meeting, follow-up and named survey answer; contacts and measurements as asked."""
    enrollment = world.enrollments["anna"]
    coordinator = world.users["coord_kba"]
    Consent.objects.create(
        enrollment=enrollment, kind="sus", given_on=DAY, method="skriftligt", recorded_by=coordinator
    )
    mapping = Mapping.objects.create(enrollment=enrollment)
    MappingEntry.objects.create(
        mapping=mapping,
        area=LifeArea.objects.order_by("order").first(),
        own_words="Jag vill börja jobba på förskola",
        strengths="Tålmodig",
        recorded_on=DAY,
        recorded_by=coordinator,
    )
    goal = PlanGoal.objects.create(
        enrollment=enrollment,
        horizon="kort",
        direction="arbete",
        text="Praktik på en förskola",
        created_by=coordinator,
    )
    PlanStep.objects.create(goal=goal, what="Ringa förskolan Äppelträdet", owner="deltagare", due_date=DAY)
    NetworkMeeting.objects.create(
        enrollment=enrollment,
        meeting_date=DAY,
        kind="sip",
        decisions=["Anna söker praktik"],
        recorded_by=coordinator,
    )
    ExitFollowUp.objects.create(
        enrollment=enrollment, months=1, followed_up_on=DAY, situation="arbete", recorded_by=coordinator
    )
    survey = Survey.objects.filter(code="slutenkat").order_by("-version").first()
    response = SurveyResponse.objects.create(
        survey=survey, project=enrollment.project, mode="named", month=DAY, enrollment=enrollment
    )
    for question in survey.questions.all()[:2]:
        if question.kind == "text":
            SurveyAnswer.objects.create(response=response, question=question, text="Bra stöd från Öznur")
        else:
            SurveyAnswer.objects.create(response=response, question=question, value=5)
    add_contacts(world, contacts)
    add_measurements(world, measurements)
