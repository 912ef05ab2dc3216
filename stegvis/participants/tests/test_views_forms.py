"""The forms: they save through the actions, show errors at the field, and never lose input."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.organizations.models import NeedGroup
from stegvis.participants import actions
from stegvis.participants.models import CoordinatorAssignment, Enrollment, Person
from stegvis.participants.tests.helpers import CIA_NUMBER

pytestmark = pytest.mark.django_db

CONFLICT = "Någon annan har ändrat uppgifterna sedan du öppnade sidan"


def person_data(world, **extra):
    data = {
        "organization": world.orgs["kungsbacka"].pk,
        "personnummer": "",
        "birth_year": "",
        "first_name": "Eva",
        "last_name": "Ek",
        "gender": "K",
        "home_municipality": "Kungsbacka",
        "language": "ar",
        "language_other": "",
        "interpreter_needed": "ja",
        "contact_preference": "sms",
        "phone": "0701112233",
        "email": "",
        "education_level": "2",
        "ref": "",
    }
    data.update(extra)
    return data


def edit_data(person, **extra):
    data = {
        "version": person.version,
        "personnummer": "",
        "birth_year": person.birth_year,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "gender": person.gender,
        "home_municipality": person.home_municipality,
        "language": person.language or "",
        "language_other": "",
        "interpreter_needed": "",
        "contact_preference": person.contact_preference,
        "phone": person.phone,
        "email": person.email,
        "education_level": "" if person.education_level is None else person.education_level,
    }
    if person.protected_identity:
        data["protected_identity"] = "on"
    data.update(extra)
    return data


# --- Registering and editing persons -------------------------------------------------------------


def test_register_person(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:create"), person_data(world, personnummer="19900315-0209", ref="KBA-99")
    )
    person = Person.objects.get(last_name="Ek")
    assert response.status_code == 302 and response["Location"] == reverse(
        "participants:detail", args=[person.pk]
    )
    assert person.personnummer == "199003150209" and person.birth_year == 1990
    assert person.registered_by == world.orgs["kungsbacka"]
    assert person.language == "ar" and person.interpreter_needed is True and person.education_level == 2
    assert person.refs.get().ref == "KBA-99"
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, person=person, user=world.users["coord_kba"]
    ).exists()


def test_register_anonymous_needs_birth_year(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("participants:create"), person_data(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_birth_year_error"' in html and "Ange födelseår när personnummer saknas." in html
    assert not Person.objects.filter(last_name="Ek").exists()
    response = client.post(reverse("participants:create"), person_data(world, birth_year="1979"))
    assert response.status_code == 302
    assert Person.objects.get(last_name="Ek").personnummer is None


@pytest.mark.parametrize("year", ["1899", str(datetime.date.today().year + 1), "2100"])
def test_birth_year_outside_1900_to_this_year_is_shown_at_the_field(world, login_as, year):
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("participants:create"), person_data(world, birth_year=year))
    html = response.content.decode()
    assert response.status_code == 200
    error_list = html.split('id="id_birth_year_error"')[1].split("</ul>")[0]
    assert "Födelseåret måste vara ett årtal mellan 1900 och i år." in error_list
    assert "Ange födelseår" not in error_list
    assert not Person.objects.filter(last_name="Ek").exists()
    this_year = str(datetime.date.today().year)
    response = client.post(reverse("participants:create"), person_data(world, birth_year=this_year))
    assert response.status_code == 302


def test_bad_checksum_is_shown_at_the_field(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("participants:create"), person_data(world, personnummer="19900315-0200"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_personnummer"' in html
    error_list = html.split('id="id_personnummer_error"')[1].split("</ul>")[0]
    assert "kontrollsiffra" in error_list
    assert 'value="19900315-0200"' in html  # the input is kept
    assert not Person.objects.filter(last_name="Ek").exists()


def test_duplicate_personnummer_is_shown_at_the_field(world, login_as):
    response = login_as(world.users["coord_kba"]).post(
        reverse("participants:create"), person_data(world, personnummer="850101-0204")
    )
    assert response.status_code == 200
    assert "Det finns redan en deltagare med det här personnumret." in response.content.decode()


def test_organisation_choice_is_limited(world, login_as):
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:create")).content.decode()
    assert "Kungsbacka kommun" in html and "Mölndals stad" not in html
    response = client.post(
        reverse("participants:create"),
        person_data(world, organization=world.orgs["molndal"].pk, birth_year="1980"),
    )
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Ek").exists()


def test_register_protected_identity_keeps_no_number(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:create"),
        person_data(world, personnummer="19900315-0209", protected_identity="on"),
    )
    person = Person.objects.get(last_name="Ek")
    assert response.status_code == 302
    assert person.protected_identity and person.personnummer is None
    html = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "199003150209" not in html and "19900315-0209" not in html and "Skyddad identitet" in html


def test_other_language_code(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:create"), person_data(world, birth_year="1980", language="annat")
    )
    assert response.status_code == 200 and "Ange språkets kod." in response.content.decode()
    client.post(
        reverse("participants:create"),
        person_data(world, birth_year="1980", language="annat", language_other="TR"),
    )
    assert Person.objects.get(last_name="Ek").language == "tr"


def test_edit_person(world, login_as):
    anna = world.persons["anna"]
    client = login_as(world.users["coord_kba"])
    form = client.get(reverse("participants:edit", args=[anna.pk])).content.decode()
    assert 'name="version"' in form and "19850101-0204" not in form
    response = client.post(reverse("participants:edit", args=[anna.pk]), edit_data(anna, phone="0709998877"))
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.phone == "0709998877" and anna.personnummer == "198501010204" and anna.version == 2


def test_edit_with_stale_version_shows_conflict_and_keeps_input(world, login_as):
    anna = world.persons["anna"]
    client = login_as(world.users["coord_kba"])
    stale = edit_data(anna, phone="0701111111")
    actions.update_person(None, Person.objects.get(pk=anna.pk), version=anna.version, phone="0702222222")
    response = client.post(reverse("participants:edit", args=[anna.pk]), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert CONFLICT in html
    assert 'value="0701111111"' in html  # nothing the user typed is lost
    assert Person.objects.get(pk=anna.pk).phone == "0702222222"


def test_edit_bad_checksum(world, login_as):
    anna = world.persons["anna"]
    response = login_as(world.users["admin"]).post(
        reverse("participants:edit", args=[anna.pk]), edit_data(anna, personnummer="198501010205")
    )
    assert response.status_code == 200
    assert "kontrollsiffra" in response.content.decode().split('id="id_personnummer_error"')[1]
    assert Person.objects.get(pk=anna.pk).version == anna.version


def test_edit_protected_person_never_shows_a_number(world, login_as):
    cia = world.persons["cia"]
    client = login_as(world.users["coord_spik"])
    html = client.get(reverse("participants:edit", args=[cia.pk])).content.decode()
    assert not CIA_NUMBER.search(html)
    response = client.post(reverse("participants:edit", args=[cia.pk]), edit_data(cia, phone="0705550000"))
    assert response.status_code == 302
    cia.refresh_from_db()
    assert cia.phone == "0705550000" and cia.protected_identity and cia.personnummer is None


def test_making_a_person_protected_drops_the_number(world, login_as):
    anna = world.persons["anna"]
    response = login_as(world.users["admin"]).post(
        reverse("participants:edit", args=[anna.pk]), edit_data(anna, protected_identity="on")
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.protected_identity and anna.personnummer is None


# --- Enrolments ----------------------------------------------------------------------------------


def enrol_data(world, **extra):
    data = {
        "project": world.projects["helhetslyftet"].pk,
        "organization": world.orgs["kungsbacka"].pk,
        "start_date": "2024-03-01",
        "referrer": "af",
        "intake_channel": "remiss",
        "need_group": "",
        "new_need_group": "",
        "coordinator": world.users["coord_kba"].pk,
        "income_source_start": "forsorjningsstod",
        "occupation_start": "arbetssokande",
        "work_extent_start": "",
    }
    data.update(extra)
    return data


def new_person(world):
    return actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Fia",
        last_name="Fors",
        gender="K",
        birth_year=1995,
    )


def test_enrol_with_a_new_need_group(world, login_as):
    fia = new_person(world)
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:enrol", args=[fia.pk])).content.decode()
    assert 'type="date"' in html and "SPiK" not in html and "Coord_Spik" not in html
    response = client.post(
        reverse("participants:enrol", args=[fia.pk]), enrol_data(world, new_need_group="UVAS")
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(person=fia)
    assert enrollment.need_group.name == "UVAS" and enrollment.coordinator == world.users["coord_kba"]
    assert enrollment.income_source_start == "forsorjningsstod" and enrollment.start_date == datetime.date(
        2024, 3, 1
    )
    assert CoordinatorAssignment.objects.filter(enrollment=enrollment).count() == 1


def test_enrol_overlap_is_shown_at_start_date_and_nothing_is_written(world, login_as):
    anna = world.persons["anna"]
    response = login_as(world.users["coord_kba"]).post(
        reverse("participants:enrol", args=[anna.pk]),
        enrol_data(world, start_date="2023-05-01", new_need_group="Ny"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "redan inskriven" in html.split('id="id_start_date_error"')[1]
    assert not NeedGroup.objects.filter(
        name="Ny"
    ).exists()  # the new group was rolled back with the enrolment
    assert Enrollment.objects.filter(person=anna).count() == 1


def test_enrol_refuses_a_coordinator_from_elsewhere(world, login_as):
    fia = new_person(world)
    response = login_as(world.users["admin"]).post(
        reverse("participants:enrol", args=[fia.pk]),
        enrol_data(world, coordinator=world.users["coord_mdl"].pk),
    )
    assert response.status_code == 200
    assert "inte koordinator" in response.content.decode()
    assert not Enrollment.objects.filter(person=fia).exists()


def test_enrol_before_project_start(world, login_as):
    fia = new_person(world)
    response = login_as(world.users["coord_kba"]).post(
        reverse("participants:enrol", args=[fia.pk]), enrol_data(world, start_date="2020-01-01")
    )
    assert response.status_code == 200
    assert "före projektets start" in response.content.decode()


def test_exit(world, login_as):
    e = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:exit", args=[e.pk]),
        {
            "version": e.version,
            "end_date": "2024-01-31",
            "exit_reason": "arbete",
            "income_source_exit": "lon",
            "occupation_exit": "arbete",
            "work_extent_exit": "75",
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.end_date == datetime.date(2024, 1, 31) and e.exit_reason == "arbete" and e.work_extent_exit == 75


def test_exit_errors_and_conflict(world, login_as):
    e = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:exit", args=[e.pk]),
        {"version": e.version, "end_date": "2024-01-31", "exit_reason": "", "work_extent_exit": "150"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_exit_reason_error"' in html and 'id="id_work_extent_exit_error"' in html
    actions.update_enrollment(None, Enrollment.objects.get(pk=e.pk), version=e.version, referrer="fk")
    response = client.post(
        reverse("participants:exit", args=[e.pk]),
        {"version": e.version, "end_date": "2024-01-31", "exit_reason": "studier"},
    )
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Enrollment.objects.get(pk=e.pk).end_date is None


def test_exit_in_the_future_is_refused(world, login_as):
    e = world.enrollments["anna"]
    future = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    response = login_as(world.users["coord_kba"]).post(
        reverse("participants:exit", args=[e.pk]),
        {"version": e.version, "end_date": future, "exit_reason": "arbete"},
    )
    assert response.status_code == 200
    assert "framtiden" in response.content.decode().split('id="id_end_date_error"')[1]


def test_change_coordinator(world, login_as):
    e = world.enrollments["bo"]
    client = login_as(world.users["leader"])
    html = client.get(reverse("participants:coordinator_change", args=[e.pk])).content.decode()
    assert "Coord_Mdl" in html and "Coord_Kba" not in html
    response = client.post(
        reverse("participants:coordinator_change", args=[e.pk]),
        {"version": e.version, "coordinator": "", "from_date": "2024-02-01"},
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.coordinator is None
    assert CoordinatorAssignment.objects.filter(enrollment=e).count() == 2


def test_change_coordinator_conflict_and_bad_date(world, login_as):
    e = world.enrollments["bo"]
    client = login_as(world.users["leader"])
    response = client.post(
        reverse("participants:coordinator_change", args=[e.pk]),
        {"version": e.version, "coordinator": world.users["coord_mdl"].pk, "from_date": "2020-01-01"},
    )
    assert response.status_code == 200
    assert "före inskrivningens start" in response.content.decode().split('id="id_from_date_error"')[1]
    response = client.post(
        reverse("participants:coordinator_change", args=[e.pk]),
        {"version": e.version + 5, "coordinator": "", "from_date": "2024-01-01"},
    )
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Enrollment.objects.get(pk=e.pk).coordinator == world.users["coord_mdl"]


def test_edit_enrollment_and_conflict(world, login_as):
    e = world.enrollments["anna"]
    NeedGroup.objects.create(project=world.projects["helhetslyftet"], name="Nyanlända")
    client = login_as(world.users["coord_kba"])
    data = {
        "version": e.version,
        "start_date": "2023-01-10",
        "referrer": "fk",
        "intake_channel": "",
        "need_group": NeedGroup.objects.get(name="Nyanlända").pk,
        "new_need_group": "",
        "income_source_start": "",
        "occupation_start": "",
        "work_extent_start": "",
    }
    assert client.post(reverse("participants:enrollment_edit", args=[e.pk]), data).status_code == 302
    e.refresh_from_db()
    assert e.referrer == "fk" and e.need_group.name == "Nyanlända"
    response = client.post(reverse("participants:enrollment_edit", args=[e.pk]), {**data, "referrer": "af"})
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Enrollment.objects.get(pk=e.pk).referrer == "fk"


# --- Merging -------------------------------------------------------------------------------------


def test_merge_flow(world, login_as):
    anna = world.persons["anna"]
    dup = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Anna",
        last_name="A.",
        gender="K",
        birth_year=1985,
        phone="0703334444",
        ref="KBA-OLD",
    )
    client = login_as(world.users["coord_kba"])
    search = client.get(reverse("participants:merge", args=[anna.pk]), {"q": "Anna"}).content.decode()
    assert f"?duplicate={dup.pk}" in search and f"?duplicate={anna.pk}" not in search
    confirm = client.get(
        reverse("participants:merge", args=[anna.pk]), {"duplicate": dup.pk}
    ).content.decode()
    assert "Anna Andersson" in confirm and "Anna A." in confirm and "0703334444" in confirm
    response = client.post(reverse("participants:merge", args=[anna.pk]), {"duplicate": dup.pk})
    assert response.status_code == 302
    dup.refresh_from_db()
    anna.refresh_from_db()
    assert dup.merged_into == anna and anna.phone == "0703334444"
    assert anna.refs.filter(ref="KBA-OLD").exists()
    # The merged record's page leads to the one kept.
    assert client.get(reverse("participants:detail", args=[dup.pk])).status_code == 302


def test_merge_errors_are_shown(world, login_as):
    anna, bo = world.persons["anna"], world.persons["bo"]
    response = login_as(world.users["leader"]).post(
        reverse("participants:merge", args=[anna.pk]), {"duplicate": bo.pk}
    )
    assert response.status_code == 200
    assert "olika kön" in response.content.decode()
    assert Person.objects.get(pk=bo.pk).merged_into is None


def test_merge_cannot_reach_invisible_persons(world, login_as):
    anna, bo = world.persons["anna"], world.persons["bo"]
    client = login_as(world.users["coord_kba"])
    assert client.get(reverse("participants:merge", args=[anna.pk]), {"duplicate": bo.pk}).status_code == 404
    assert client.post(reverse("participants:merge", args=[anna.pk]), {"duplicate": bo.pk}).status_code == 404
    assert client.post(reverse("participants:merge", args=[anna.pk]), {"duplicate": "x"}).status_code == 404
    assert (
        "Bo Berg"
        not in client.get(reverse("participants:merge", args=[anna.pk]), {"q": "Bo"}).content.decode()
    )


def test_enrol_form_narrows_choices_to_the_chosen_project_and_organisation(world, login_as):
    fia = new_person(world)
    NeedGroup.objects.create(project=world.projects["spik"], name="Psykosocial")
    NeedGroup.objects.create(project=world.projects["helhetslyftet"], name="Nyanlända")
    client = login_as(world.users["admin"])
    url = reverse("participants:enrol", args=[fia.pk])
    full = client.get(url).content.decode()
    assert "Coord_Mdl" in full and "Coord_Spik" in full and "Psykosocial" in full
    assert f'hx-get="{url}"' in full and 'hx-select="#enrol-dependent"' in full
    narrowed = client.get(
        url, {"project": world.projects["helhetslyftet"].pk, "organization": world.orgs["molndal"].pk}
    ).content.decode()
    dependent = narrowed.split('id="enrol-dependent"')[1].split("</fieldset>")[0]
    assert "Coord_Mdl" in dependent and "Coord_Kba" not in dependent and "Coord_Spik" not in dependent
    assert "Nyanlända" in dependent and "Psykosocial" not in dependent


def test_staff_forms_name_languages_in_swedish():
    from stegvis.participants.forms import LANGUAGE_CHOICES
    from stegvis.participants.onetime_links import CreateLinkForm

    link_languages = dict(CreateLinkForm().fields["language"].choices)
    assert link_languages["ar"] == "Arabiska" and link_languages["sv-enkel"] == "Lätt svenska"
    person_languages = {code: str(name) for code, name in LANGUAGE_CHOICES}
    assert person_languages["ar"] == "Arabiska" and person_languages["prs"] == "Dari"
    assert "sv-enkel" not in person_languages  # a person's language is a language, not a form of one
