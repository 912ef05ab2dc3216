"""Data for the privacy tests: exits, measurements, notes and links on the test world."""

import datetime
import io
import json

from django.core.management import call_command
from django.utils import timezone

from stegvis.casework.actions import create_goal, create_step
from stegvis.contacts.actions import record_contact
from stegvis.participants import actions
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument
from stegvis.surveys.models import Mode, Survey, SurveyLink

# Far enough after every enrolment for every default period to have passed.
LATER = datetime.datetime(2032, 1, 1, 12, tzinfo=datetime.UTC)
MONTHS = {
    "identity_months": 12,
    "casework_months": 6,
    "answers_months": 6,
    "links_months": 1,
    "audit_months": 24,
}
DAG_NUMBER = "19930615-1235"  # 29 at the first start, 30 at the second


def report_json(code: str, on: str = "2025-06-30") -> dict:
    out = io.StringIO()
    call_command("report", code, "--format", "json", "--on", on, stdout=out)
    data = json.loads(out.getvalue())
    data.pop("generated_at")  # when it was computed, the one key that is not a figure
    return data


def reports() -> dict:
    return {code: report_json(code) for code in ("helhetslyftet", "spik")}


def exit_enrollment(enrollment, end: datetime.date, reason: str = "arbete"):
    enrollment.refresh_from_db()
    return actions.register_exit(
        None, enrollment, version=enrollment.version, end_date=end, exit_reason=reason
    )


def build_history(world):
    """Dag (birthday mid-June) enrolled twice, before and after the birthday; everyone exited."""
    dag = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        personnummer=DAG_NUMBER,
        first_name="Dag",
        last_name="Dahl",
        gender="M",
        phone="0701234567",
        home_municipality="1384",
        ref="KBA-2",
    )
    periods = [
        ("kungsbacka", datetime.date(2023, 3, 1), datetime.date(2023, 9, 30), "af", "studier"),
        ("molndal", datetime.date(2023, 11, 1), datetime.date(2024, 5, 31), "fk", "arbete"),
    ]
    enrollments = []
    for org, start, end, referrer, reason in periods:
        enrollment = actions.enroll_participant(
            None,
            dag,
            project=world.projects["helhetslyftet"],
            organization=world.orgs[org],
            start_date=start,
            referrer=referrer,
        )
        exit_enrollment(enrollment, end, reason)  # before the next starts: periods may not overlap
        enrollments.append(enrollment)
    first, second = enrollments
    world.persons["dag"] = dag
    world.enrollments["dag"] = first
    world.enrollments["dag2"] = second
    exit_enrollment(world.enrollments["anna"], datetime.date(2024, 1, 31))
    exit_enrollment(world.enrollments["bo"], datetime.date(2024, 2, 29), "avbrott")
    exit_enrollment(world.enrollments["cia"], datetime.date(2022, 6, 30))
    instrument = Instrument.objects.get(code="progressionskort")
    for key, start in (("anna", datetime.date(2023, 1, 10)), ("dag", datetime.date(2023, 3, 1))):
        for offset, value in ((0, 3), (90, 6)):
            record_measurement(
                None,
                world.enrollments[key],
                instrument,
                respondent="deltagare",
                date=start + datetime.timedelta(days=offset),
                answers={"q1": value, "q2": value},
            )
    record_contact(
        None,
        world.enrollments["dag"],
        contact_date=datetime.date(2023, 3, 2),
        channel="telefon",
        note="Dag berättade om sin skuld hos Kronofogden.",
    )
    goal = create_goal(
        None,
        world.enrollments["dag"],
        horizon="kort",
        direction="arbete",
        text="Dag vill bli snickare i Kungsbacka.",
    )
    create_step(
        None, goal, what="Ring Dags kontaktperson på soc.", owner="annan", owner_name="Socialtjänsten"
    )
    survey = Survey.objects.first()
    if survey is not None:
        SurveyLink.objects.create(
            enrollment=world.enrollments["dag"],
            survey=survey,
            mode=Mode.NAMED,
            token_hash="a" * 64,
            expires_at=timezone.now() + datetime.timedelta(days=30),
            created_at=datetime.datetime(2023, 9, 30, tzinfo=datetime.UTC),
        )
    return world
