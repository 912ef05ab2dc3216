"""The caseload on the start page: each person's state at a glance, needing action first."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.casework.actions import create_goal, create_step
from stegvis.consent.actions import give_consent
from stegvis.contacts.actions import record_contact
from stegvis.home.caseload import (
    CONSENT_MISSING,
    FOLLOW_UP_DUE,
    MEASUREMENT_DUE,
    NO_CONTACT,
    STEP_OVERDUE,
    caseload,
)
from stegvis.home.tables import enrolled_for
from stegvis.participants import actions
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument

pytestmark = pytest.mark.django_db

ON = datetime.date(2025, 6, 20)  # within the test project (it ends 2025-06-30)


def mine(world, user="coord_kba"):
    from stegvis.participants.filters import visible_enrollments

    return visible_enrollments(world.users[user]).filter(coordinator=world.users[user])


def enrol(world, first, start, end=None):
    person = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name=first,
        last_name="Fors",
        gender="K",
        birth_year=1990,
    )
    enrollment = actions.enroll_participant(
        None,
        person,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=start,
        coordinator=world.users["coord_kba"],
    )
    if end is not None:
        actions.register_exit(
            None, enrollment, version=enrollment.version, end_date=end, exit_reason="arbete"
        )
    return enrollment


def settled(world, enrollment):
    """Everything in order on ON: a recent contact, a step ahead, a measurement, both consents."""
    record_contact(None, enrollment, contact_date=ON - datetime.timedelta(days=3), channel="walk_and_talk")
    goal = create_goal(None, enrollment, horizon="kort", direction="arbete", text="Praktik")
    create_step(
        None, goal, what="Ringa arbetsgivaren", owner="koordinator", due_date=ON + datetime.timedelta(days=10)
    )
    for kind in ("registrering", "sus"):
        give_consent(None, enrollment, kind=kind, given_on=enrollment.start_date, method="skriftligt")


def row_of(rows, enrollment):
    (row,) = [r for r in rows if r.enrollment.pk == enrollment.pk]
    return row


def test_each_state_is_read_from_the_owning_apps_rule(world):
    quiet = enrol(world, "Quiet", datetime.date(2025, 1, 1))
    goal = create_goal(None, quiet, horizon="kort", direction="arbete", text="Studier")
    create_step(None, goal, what="Undated", owner="deltagare")
    create_step(None, goal, what="Söka folkhögskola", owner="deltagare", due_date=datetime.date(2025, 5, 1))
    record_contact(None, quiet, contact_date=datetime.date(2025, 4, 10), channel="walk_and_talk")

    row = row_of(caseload(mine(world), ON, weeks=3), quiet)
    assert row.last_contact_on == datetime.date(2025, 4, 10)
    assert row.days_without_contact == 71
    assert (row.step_what, row.step_due, row.step_overdue) == (
        "Söka folkhögskola",
        datetime.date(2025, 5, 1),
        True,
    )
    assert row.consent_missing
    assert row.measurement_now and row.measurement_due is not None
    assert row.flags == [NO_CONTACT, STEP_OVERDUE, MEASUREMENT_DUE, CONSENT_MISSING]


def test_a_person_with_everything_in_order_needs_nothing(world):
    calm = enrol(world, "Calm", datetime.date(2025, 5, 1))
    settled(world, calm)
    card = Instrument.objects.get(code="progressionskort", version=1)
    record_measurement(
        None, calm, card, respondent="deltagare", date=datetime.date(2025, 5, 10), answers={"q1": 5}
    )
    row = row_of(caseload(mine(world), ON, weeks=3), calm)
    assert row.flags == [] and row.attention == 0
    assert not row.measurement_now and row.measurement_due > ON


def test_needing_action_comes_first_and_ended_follow_ups_are_included(world):
    calm = enrol(world, "Calm", datetime.date(2025, 5, 1))
    settled(world, calm)
    ended = enrol(world, "Ended", datetime.date(2024, 1, 1), end=datetime.date(2025, 2, 20))
    rows = caseload(mine(world), ON, weeks=3)
    assert rows[0].attention >= rows[-1].attention
    assert [r.attention for r in rows] == sorted((r.attention for r in rows), reverse=True)
    follow = row_of(rows, ended)
    assert follow.ended and follow.flags == [FOLLOW_UP_DUE] and follow.follow_up_months == 3
    assert follow.follow_up_due == datetime.date(2025, 5, 20)
    assert ended.pk in {r.enrollment.pk for r in rows}
    assert world.enrollments["bo"].pk not in {r.enrollment.pk for r in rows}  # not mine


@pytest.mark.parametrize(
    ("start", "text"),
    [
        (datetime.date(2026, 12, 1), "6 dagar"),
        (datetime.date(2026, 7, 7), "5 mån"),
        (datetime.date(2025, 12, 7), "1 år"),
        (datetime.date(2024, 9, 8), "2 år 2 mån"),
    ],
)
def test_time_enrolled_in_words(start, text):
    assert enrolled_for(start, datetime.date(2026, 12, 7)) == text


def test_the_start_page_shows_the_state_sortable_and_audited(world, login_as):
    quiet = enrol(world, "Quiet", datetime.date(2025, 1, 2))
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("home")).content.decode()
    assert "Mina deltagare och vad som behöver göras" in html
    assert "Quiet Fors" in html and "Anna Andersson" in html and "Bo Berg" not in html
    assert "Samtycke saknas" in html and "Ingen kontakt registrerad" in html
    assert 'class="needs-action' in html
    for column in ("name", "needs", "enrolled", "contact", "step", "measurement", "follow_up"):
        sorted_html = client.get(reverse("home"), {"caseload-sort": column}).content.decode()
        assert 'aria-sort="ascending"' in sorted_html
    entries = AuditEntry.objects.filter(
        object_type="participants.person", detail="Startsidan, mina deltagare"
    )
    assert entries.filter(person_id=quiet.person_id).exists()


def test_what_was_decided_on_the_worklist_is_not_flagged_again(world):
    from stegvis.worklist.actions import decide

    quiet = enrol(world, "Quiet", datetime.date(2025, 1, 1))
    goal = create_goal(None, quiet, horizon="kort", direction="arbete", text="Studier")
    step = create_step(
        None, goal, what="Söka folkhögskola", owner="deltagare", due_date=datetime.date(2025, 5, 1)
    )
    ended = enrol(world, "Ended", datetime.date(2024, 1, 1), end=datetime.date(2025, 2, 20))
    user = world.users["coord_kba"]
    before = row_of(caseload(mine(world), ON, weeks=3), quiet)
    assert {NO_CONTACT, STEP_OVERDUE, MEASUREMENT_DUE} <= set(before.flags)

    common = {"decision": "avfardad", "reason": "Sjukskriven till hösten.", "today": ON}
    decide(user, quiet, kind="no_contact", ref_date=quiet.start_date, **common)
    decide(user, quiet, kind="steps", ref_date=step.due_date, object_id=step.pk, **common)
    decide(user, quiet, kind="measurements", ref_date=before.measurement_due, **common)
    decide(user, ended, kind="follow_ups", ref_date=datetime.date(2025, 5, 20), **common)

    rows = caseload(mine(world), ON, weeks=3)
    after = row_of(rows, quiet)
    assert after.flags == [CONSENT_MISSING]
    assert after.step_overdue and after.days_without_contact > 21  # the state is still shown
    assert ended.pk not in {r.enrollment.pk for r in rows}


def test_the_caseload_is_four_queries_whatever_its_size(world, django_assert_num_queries):
    from stegvis.participants.tests.helpers import add_enrolled_persons

    mine(world).count()  # the user's roles are read once per request, before the caseload
    # Four: the open plan steps are read in a query of their own, in place of three correlated
    # subqueries per enrolment (the step's pk, text and date) in the enrolments' query.
    with django_assert_num_queries(4):
        few = caseload(mine(world), ON, weeks=3)
    add_enrolled_persons(world, 12)
    with django_assert_num_queries(4):
        many = caseload(mine(world), ON, weeks=3)
    assert len(many) == len(few) + 12
