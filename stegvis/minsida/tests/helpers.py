"""What the Min sida tests share: links, sessions and a participant with something to show."""

import datetime

from django.urls import reverse

from stegvis.casework.testing import anna_goal, anna_step
from stegvis.consent.actions import give_consent
from stegvis.contacts.models import Contact, NetworkMeeting
from stegvis.minsida import actions
from stegvis.participants.actions import register_exit
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument, Respondent, Source

HOME = "/min-sida/"


def make_link(world, person="anna", language="sv", **kwargs):
    """A link for the person's enrolment, made by its coordinator: ``(link, raw token)``."""
    coordinator = {"anna": "coord_kba", "bo": "coord_mdl", "cia": "coord_spik"}[person]
    return actions.create_link(
        world.users[coordinator], world.enrollments[person], language=language, **kwargs
    )


def landing(raw):
    return reverse("minsida:landing", args=[raw])


def open_session(client, raw):
    """Open Min sida with the link as a phone does: the page with the button, then the button."""
    assert client.get(landing(raw)).status_code == 200
    response = client.post(landing(raw))
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == HOME
    return response


def end_annas_enrolment(world, on=datetime.date(2024, 1, 31)):
    enrollment = world.enrollments["anna"]
    register_exit(None, enrollment, version=enrollment.version, end_date=on, exit_reason="arbete")
    return enrollment


def card():
    return Instrument.objects.filter(code="progressionskort", is_active=True).order_by("-version").first()


def self_assessment(world, day, value, person="anna"):
    instrument = card()
    answers = {item.code: value for item in instrument.items.all()}
    return record_measurement(
        None,
        world.enrollments[person],
        instrument,
        respondent=Respondent.PARTICIPANT,
        date=day,
        answers=answers,
        source=Source.SELF_LINK,
    )


def fill(world, person="anna", today=None):
    """Two self-assessments, a plan with the participant's and the coordinator's steps, a coming
    contact and meeting, and consents (one to contact an actor)."""
    today = today or datetime.date.today()
    enrollment = world.enrollments[person]
    self_assessment(world, enrollment.start_date + datetime.timedelta(days=5), 3, person)
    self_assessment(world, enrollment.start_date + datetime.timedelta(days=100), 7, person)
    goal = anna_goal(world, text="Jobb inom förskolan") if person == "anna" else None
    own = anna_step(
        world, goal, what="Söka tre jobb", owner="deltagare", due_date=today + datetime.timedelta(days=20)
    )
    theirs = anna_step(
        world, goal, what="Boka praktik", owner="koordinator", due_date=today + datetime.timedelta(days=5)
    )
    Contact.objects.create(
        enrollment=enrollment,
        contact_date=today + datetime.timedelta(days=3),
        channel="telefon",
        note="Hemligt",
    )
    NetworkMeeting.objects.create(
        enrollment=enrollment,
        meeting_date=enrollment.start_date + datetime.timedelta(days=30),
        kind="sip",
        next_meeting_date=today + datetime.timedelta(days=10),
        note="Intern anteckning",
    )
    given = enrollment.start_date
    consents = {
        kind: give_consent(None, enrollment, kind=kind, given_on=given, method="skriftligt")
        for kind in ("registrering", "sus")
    }
    consents["kontakt"] = give_consent(
        None, enrollment, kind="kontakt", given_on=given, method="skriftligt", actor_name="Vårdcentralen Norr"
    )
    return {"goal": goal, "own": own, "theirs": theirs, "consents": consents}
