import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.contacts import actions
from stegvis.contacts.models import Contact, NetworkMeeting, SupportFollowUp, SupportPeriod
from stegvis.contacts.testing import DAY, anna_contact, anna_meeting, anna_support_period
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants import actions as participant_actions

TODAY = datetime.date.today()


def _anna_page(client, world):
    return client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()


def _many_contacts(world, n, start=0):
    for i in range(start, start + n):
        anna_contact(
            world,
            day=DAY + datetime.timedelta(days=i),
            note=f"Kontakt {i}",
            staff=[world.users["coord_kba"], world.users["leader"]],
        )


@pytest.mark.django_db
def test_log_page_records_a_contact_with_defaults_and_audits_the_view(world, login_as):
    enrollment = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    url = reverse("contacts:log", args=[enrollment.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["contact_date"] == TODAY and form.initial["channel"] == "mote"
    assert form.initial["staff"] == [world.users["coord_kba"].pk]
    assert AuditEntry.objects.filter(action="view", person=world.persons["anna"], detail="kontakter").exists()
    done = client.post(
        url,
        {
            "contact_date": TODAY.isoformat(),
            "channel": "telefon",
            "note": "Ringde om praktiken",
            "staff": [world.users["coord_kba"].pk],
            "duration_minutes": "10",
        },
    )
    assert done.status_code == 302 and done["Location"] == url
    contact = Contact.objects.get()
    assert (contact.channel, contact.duration_minutes, contact.recorded_by) == (
        "telefon",
        10,
        world.users["coord_kba"],
    )
    html = client.get(url).content.decode()
    assert "Ringde om praktiken" in html and "Kontakten är registrerad." in html


@pytest.mark.django_db
def test_log_page_shows_errors_at_the_field_and_keeps_input(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("contacts:log", args=[world.enrollments["anna"].pk])
    future = (TODAY + datetime.timedelta(days=2)).isoformat()
    bad = client.post(url, {"contact_date": future, "channel": "sms", "note": "Behåll mig"})
    assert bad.status_code == 200
    assert "framtiden" in bad.context["form"].errors["contact_date"][0]
    assert "Behåll mig" in bad.content.decode()
    garbage = client.post(url, {"contact_date": "igår", "channel": "duva", "duration_minutes": "-5"})
    assert garbage.status_code == 200 and set(garbage.context["form"].errors) >= {"contact_date", "channel"}
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_access_to_the_log(world, login_as):
    anna_contact(world, note="Hemligt")
    url = reverse("contacts:log", args=[world.enrollments["anna"].pk])
    assert login_as(world.users["coord_mdl"]).get(url).status_code == 404
    assert (
        login_as(world.users["coord_mdl"]).post(url, {"contact_date": DAY, "channel": "sms"}).status_code
        == 404
    )
    assert login_as(world.users["evaluator"]).get(url).status_code == 403
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_log_page_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    url = reverse("contacts:log", args=[world.enrollments["anna"].pk])
    _many_contacts(world, 3)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    _many_contacts(world, 40, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["summary"]["contact_count"] == 43
    assert len(response.context["table"].page.object_list) == 25
    assert client.get(url, {"page": 2}).status_code == 200


@pytest.mark.django_db
def test_edit_shows_a_conflict_on_a_stale_version_and_delete_confirms(world, login_as):
    contact = anna_contact(world)
    client = login_as(world.users["coord_kba"])
    url = reverse("contacts:edit", args=[contact.pk])
    assert client.get(url).status_code == 200
    data = {
        "contact_date": DAY.isoformat(),
        "channel": "video",
        "note": "Med tolk",
        "version": contact.version,
        "staff": [world.users["coord_kba"].pk],
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "note": "Skriver över"})
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()
    contact.refresh_from_db()
    assert (contact.channel, contact.note) == ("video", "Med tolk")
    delete = reverse("contacts:delete", args=[contact.pk])
    assert "Ta bort kontakten" in client.get(delete).content.decode()
    stale_delete = client.post(delete, {"version": contact.version - 1})
    assert stale_delete.status_code == 200 and Contact.objects.exists()
    assert client.post(delete, {"version": contact.version}).status_code == 302
    assert not Contact.objects.exists()
    assert login_as(world.users["coord_mdl"]).get(url).status_code == 404


@pytest.mark.django_db
def test_my_contacts_quick_entry_from_the_caseload(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("contacts:mine")
    page = client.get(url)
    assert list(page.context["form"].fields["enrollment"].queryset) == [world.enrollments["anna"]]
    html = page.content.decode()
    assert "Ingen kontakt på över 3 veckor" in html and "Anna Andersson" in html  # never contacted since 2023
    # Bo is Mölndal's: not a choice, and posting him is refused at the field.
    refused = client.post(
        url, {"enrollment": world.enrollments["bo"].pk, "contact_date": TODAY.isoformat(), "channel": "sms"}
    )
    assert refused.status_code == 200 and "enrollment" in refused.context["form"].errors
    done = client.post(
        url,
        {
            "enrollment": world.enrollments["anna"].pk,
            "contact_date": TODAY.isoformat(),
            "channel": "sms",
            "note": "Påminnelse",
        },
    )
    assert done.status_code == 302 and done["Location"] == url
    contact = Contact.objects.get()
    assert list(contact.staff.all()) == [world.users["coord_kba"]]
    html = client.get(url).content.decode()
    assert "Kontakten med Anna Andersson är registrerad." in html and "Påminnelse" in html
    assert "Alla i din ärendelista har haft kontakt nyligen." in html
    leader = login_as(world.users["leader"]).get(url)
    assert leader.status_code == 200 and "inte koordinator" in leader.content.decode()


@pytest.mark.django_db
def test_my_contacts_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    org, project = world.orgs["kungsbacka"], world.projects["helhetslyftet"]

    def more(n):
        for i in range(n):
            person = participant_actions.register_person(
                None, organization=org, first_name=f"P{i}", last_name="Test", gender="K", birth_year=1990
            )
            enrollment = participant_actions.enroll_participant(
                None,
                person,
                project=project,
                organization=org,
                start_date=DAY,
                coordinator=world.users["coord_kba"],
            )
            actions.record_contact(world.users["coord_kba"], enrollment, contact_date=DAY, channel="mote")

    client = login_as(world.users["coord_kba"])
    more(2)
    client.get(reverse("contacts:mine"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("contacts:mine"))
    more(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("contacts:mine"))
    assert len(response.context["waiting"]) == 15


@pytest.mark.django_db
def test_participant_section_shows_contacts_meetings_and_support(world, login_as):
    _many_contacts(world, 7)
    anna_meeting(
        world, decisions=["AF förlänger anvisningen."], next_meeting_date=TODAY + datetime.timedelta(days=9)
    )
    anna_meeting(world, day=TODAY + datetime.timedelta(days=9), kind="natverksmote", actors=["fk"])
    period = anna_support_period(world, place="Förskolan Solstrålen")
    client = login_as(world.users["coord_kba"])
    html = _anna_page(client, world)
    assert 'id="kontakter"' in html and "Kontakter och möten" in html
    assert "Kontakt 6" in html and "Kontakt 2" in html and "Kontakt 1<" not in html  # the latest five
    assert "Alla kontakter (7)" in html and "Ingen kontakt på över 3 veckor" in html
    assert "AF förlänger anvisningen." in html and "planerat" in html and "Nätverksmöte" in html
    assert reverse("contacts:support", args=[period.pk]) in html and "Förskolan Solstrålen" in html
    assert reverse("contacts:log", args=[world.enrollments["anna"].pk]) + "#ny-kontakt" in html
    # Leader sees it too; a recent contact removes the flag.
    anna_contact(world, day=TODAY)
    assert "Ingen kontakt på över" not in _anna_page(login_as(world.users["leader"]), world)


@pytest.mark.django_db
def test_participant_section_has_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from stegvis.contacts.participant import section_context
    from stegvis.participants.models import Enrollment

    anna = world.persons["anna"]
    user = world.users["leader"]

    def measure():
        enrollments = list(Enrollment.objects.filter(person=anna))
        with django_assert_max_num_queries(30) as captured:
            context = section_context(user, anna, enrollments)
        return len(captured.captured_queries), context

    _many_contacts(world, 2)
    anna_meeting(world)
    first, _context = measure()
    # More of everything, and a second enrolment in another project.
    end_enrollment(world.enrollments["anna"], day=datetime.date(2023, 6, 30), reason="arbete")
    participant_actions.enroll_participant(
        None,
        anna,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2023, 9, 1),
        coordinator=world.users["coord_kba"],
    )
    _many_contacts(world, 10, start=2)
    for _ in range(3):
        anna_meeting(world)
    period = anna_support_period(world)
    for i in range(4):
        actions.record_support_follow_up(
            None, period, followed_up_on=DAY + datetime.timedelta(days=i + 1), channel="sms"
        )
    second, context = measure()
    assert second <= first
    rows = context["contacts_rows"]
    assert len(rows) == 2
    ended = next(r for r in rows if r["enrollment"].end_date)
    assert len(ended["contacts"]) == 5 and ended["contact_count"] == 12 and ended["meeting_count"] == 4
    assert ended["support_periods"][0].follow_up_count == 4 and not ended["no_contact_flag"]


@pytest.mark.django_db
def test_meeting_pages(world, login_as):
    enrollment = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    url = reverse("contacts:meeting_create", args=[enrollment.pk])
    bad = client.post(url, {"meeting_date": DAY.isoformat(), "kind": "sip"})
    assert bad.status_code == 200 and "actors" in bad.context["form"].errors
    done = client.post(
        url,
        {
            "meeting_date": DAY.isoformat(),
            "kind": "sip",
            "actors": ["af", "region"],
            "decisions": "Remiss till fysioterapeut\nPraktik 50 %",
            "actor_names": "Eva (AF)",
        },
    )
    assert done.status_code == 302
    meeting = NetworkMeeting.objects.get()
    assert meeting.decisions == ["Remiss till fysioterapeut", "Praktik 50 %"]
    listing = client.get(reverse("contacts:meetings", args=[enrollment.pk])).content.decode()
    assert "Remiss till fysioterapeut" in listing and "Region/hälso- och sjukvård" in listing
    edit = reverse("contacts:meeting_edit", args=[meeting.pk])
    form = client.get(edit).context["form"]
    assert form.initial["decisions"] == "Remiss till fysioterapeut\nPraktik 50 %"
    data = {"meeting_date": DAY.isoformat(), "kind": "sip", "actors": ["af"], "version": meeting.version}
    assert client.post(edit, data).status_code == 302
    assert "Någon annan har ändrat" in client.post(edit, data).content.decode()
    assert login_as(world.users["coord_mdl"]).get(edit).status_code == 404


@pytest.mark.django_db
def test_support_pages_start_follow_up_and_end(world, login_as):
    enrollment = world.enrollments["anna"]
    end_enrollment(enrollment, day=datetime.date(2023, 6, 30), reason="studier")
    client = login_as(world.users["coord_kba"])
    create = reverse("contacts:support_create", args=[enrollment.pk])
    initial = client.get(create).context["form"].initial
    assert initial["kind"] == "supported_education" and initial["started_on"] == datetime.date(2023, 6, 30)
    done = client.post(
        create,
        {
            "kind": "supported_education",
            "started_on": "2023-08-21",
            "place": "Komvux",
            "role": "Vård- och omsorgsutbildning",
        },
    )
    period = SupportPeriod.objects.get()
    detail = reverse("contacts:support", args=[period.pk])
    assert done["Location"] == detail
    assert (
        client.post(
            detail,
            {"followed_up_on": TODAY.isoformat(), "channel": "telefon", "note": "Klarade första provet"},
        ).status_code
        == 302
    )
    assert "Klarade första provet" in client.get(detail).content.decode()
    end = reverse("contacts:support_end", args=[period.pk])
    refused = client.post(
        end, {"ended_on": "2023-08-01", "end_reason": "behovs_inte", "version": period.version}
    )
    assert refused.status_code == 200 and "före starten" in refused.context["form"].errors["ended_on"][0]
    assert (
        client.post(
            end, {"ended_on": TODAY.isoformat(), "end_reason": "behovs_inte", "version": period.version}
        ).status_code
        == 302
    )
    period.refresh_from_db()
    assert period.ended_on == TODAY
    page = client.get(detail)
    assert page.context["form"] is None and "Stödet behövs inte längre" in page.content.decode()
    assert client.get(end).status_code == 302  # already ended: back to the period
    follow_up = SupportFollowUp.objects.get()
    edit = reverse("contacts:support_follow_up_edit", args=[follow_up.pk])
    assert (
        client.post(
            edit, {"followed_up_on": TODAY.isoformat(), "channel": "mote", "version": follow_up.version}
        ).status_code
        == 302
    )
    assert AuditEntry.objects.filter(action="view", object_type="contacts.supportperiod").exists()
    assert login_as(world.users["coord_mdl"]).get(detail).status_code == 404
    assert login_as(world.users["evaluator"]).get(detail).status_code == 403
