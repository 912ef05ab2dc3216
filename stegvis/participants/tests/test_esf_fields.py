"""The ESF+ fields of an enrolment: captured at enrolment and exit, validated, audited, shown."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ActionError
from stegvis.participants import actions
from stegvis.participants.bulk_actions import bulk_register_and_enroll
from stegvis.participants.models import Enrollment
from stegvis.participants.tests.test_views_forms import enrol_data, new_person

pytestmark = pytest.mark.django_db

D = datetime.date
VOLUNTARY_POST = {
    "disability": "ja",
    "third_country_national": "nej",
    "foreign_origin": "ja",
    "minority": "",
    "housing_exclusion": "",
    "rural_area": "nej",
    # Saved only with the person's consent to the voluntary data.
    "voluntary_consent": "on",
    "voluntary_consent_method": "skriftligt",
}


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- Actions -------------------------------------------------------------------------------------


def test_enrol_copies_the_education_level_unless_given(world):
    fia = new_person(world)
    actions.update_person(None, fia, version=fia.version, education_level=4)
    e = actions.enroll_participant(
        None,
        fia,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=D(2024, 3, 1),
    )
    assert e.education_level_start == 4
    # A later change to the person does not move the snapshot.
    fia.refresh_from_db()
    actions.update_person(None, fia, version=fia.version, education_level=6)
    assert Enrollment.objects.get(pk=e.pk).education_level_start == 4
    other = actions.enroll_participant(
        None,
        fia,
        project=world.projects["spik"],
        organization=world.orgs["vaxjo"],
        start_date=D(2021, 3, 1),
        education_level_start=2,
    )
    assert other.education_level_start == 2


def test_enrol_records_the_esf_fields_in_the_audit_log(world):
    fia = new_person(world)
    e = actions.enroll_participant(
        None,
        fia,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=D(2024, 3, 1),
        occupation_start="arbetssokande",
        unemployed_months_start=14,
        disability=True,
        rural_area=False,
        voluntary_consent_method="skriftligt",
    )
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="participants.enrollment", object_id=str(e.pk)
    )
    assert entry.changes["unemployed_months_start"] == [None, 14]
    assert entry.changes["disability"] == [None, True] and entry.changes["rural_area"] == [None, False]
    assert "minority" not in entry.changes  # unanswered stays out of the log


def test_unemployment_months_only_for_job_seekers(world):
    fia = new_person(world)
    project, org = world.projects["helhetslyftet"], world.orgs["kungsbacka"]
    with pytest.raises(ActionError) as excinfo:
        actions.enroll_participant(
            None,
            fia,
            project=project,
            organization=org,
            start_date=D(2024, 3, 1),
            occupation_start="studier",
            unemployed_months_start=8,
        )
    assert errors_of(excinfo)["unemployed_months_start"] == [
        "Tid utan arbete anges bara när sysselsättningen vid start är Arbetssökande."
    ]
    with pytest.raises(ActionError) as excinfo:
        actions.enroll_participant(
            None,
            fia,
            project=project,
            organization=org,
            start_date=D(2024, 3, 1),
            occupation_start="arbetssokande",
            unemployed_months_start=900,
        )
    assert "mellan 0 och 600" in errors_of(excinfo)["unemployed_months_start"][0]
    assert not Enrollment.objects.filter(person=fia).exists()


def test_bad_values_are_refused_with_the_field_named(world):
    e = world.enrollments["anna"]
    with pytest.raises(ActionError) as excinfo:
        actions.update_enrollment(
            None, e, version=e.version, education_level_start=11, minority="kanske", work_extent_start=120
        )
    errors = errors_of(excinfo)
    assert "Utbildningsnivå vid start" in errors["education_level_start"][0]
    assert errors["minority"] == ["Tillhör en minoritet: svara ja, nej eller lämna obesvarat."]
    assert "Arbetstid vid start" in errors["work_extent_start"][0]


def test_exit_records_gained_qualification_and_it_can_be_corrected_later(world):
    e = world.enrollments["anna"]
    with pytest.raises(ActionError) as excinfo:
        actions.update_enrollment(None, e, version=e.version, gained_qualification=True)
    assert "avslutad" in errors_of(excinfo)["gained_qualification"][0]
    e = Enrollment.objects.get(pk=e.pk)
    actions.register_exit(
        None,
        e,
        version=e.version,
        end_date=D(2024, 1, 31),
        exit_reason="studier",
        occupation_exit="studier",
        gained_qualification=False,
    )
    e.refresh_from_db()
    assert e.gained_qualification is False
    exit_entry = AuditEntry.objects.filter(object_id=str(e.pk), detail="avslut").get()
    assert exit_entry.changes["gained_qualification"] == [None, False]
    actions.update_enrollment(world.users["coord_kba"], e, version=e.version, gained_qualification=True)
    entry = AuditEntry.objects.filter(object_id=str(e.pk), action=AuditAction.UPDATE).latest("pk")
    assert entry.changes == {"gained_qualification": [False, True]} and entry.user == world.users["coord_kba"]


def test_bulk_path_takes_the_new_fields_and_defaults_them_to_empty(world):
    project, org = world.projects["helhetslyftet"], world.orgs["kungsbacka"]

    def row(year, **enrolment):
        return {
            "person": {"organization": org, "gender": "K", "birth_year": year, "education_level": 3},
            "enrollments": [
                {"project": project, "organization": org, "start_date": D(2024, 2, 1), **enrolment}
            ],
        }

    bulk_register_and_enroll(
        None,
        [
            row(1990),
            row(
                1991,
                occupation_start="arbetssokande",
                unemployed_months_start=20,
                foreign_origin=True,
                exit={"end_date": D(2024, 5, 1), "exit_reason": "arbete", "gained_qualification": True},
            ),
        ],
    )
    plain, full = Enrollment.objects.filter(start_date=D(2024, 2, 1)).order_by("person__birth_year")
    assert (
        plain.education_level_start == 3
        and plain.unemployed_months_start is None
        and plain.disability is None
    )
    assert (full.unemployed_months_start, full.foreign_origin, full.gained_qualification) == (20, True, True)
    with pytest.raises(ActionError) as excinfo:
        bulk_register_and_enroll(
            None, [row(1992, occupation_start="ingen", unemployed_months_start=3)], first_row_number=7
        )
    assert excinfo.value.message_dict["unemployed_months_start"][0].startswith("Rad 7: Tid utan arbete")


# --- Forms and pages -----------------------------------------------------------------------------


def test_enrol_form_captures_the_esf_fields(world, login_as):
    fia = new_person(world)
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:enrol", args=[fia.pk])).content.decode()
    assert (
        "<legend>Frivilliga uppgifter (ESF+)</legend>" in html and "Inte besvarat / vill inte svara" in html
    )
    response = client.post(
        reverse("participants:enrol", args=[fia.pk]),
        enrol_data(world, unemployed_months_start="7", education_level_start="3", **VOLUNTARY_POST),
    )
    assert response.status_code == 302
    e = Enrollment.objects.get(person=fia)
    assert e.unemployed_months_start == 7 and e.education_level_start == 3
    assert (e.disability, e.third_country_national, e.foreign_origin, e.minority, e.rural_area) == (
        True,
        False,
        True,
        None,
        False,
    )


def test_enrol_form_shows_action_errors_at_the_field(world, login_as):
    fia = new_person(world)
    response = login_as(world.users["coord_kba"]).post(
        reverse("participants:enrol", args=[fia.pk]),
        enrol_data(world, occupation_start="arbete", unemployed_months_start="12"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_unemployed_months_start"' in html  # the summary names and links the field
    assert "Arbetssökande" in html.split('id="id_unemployed_months_start_error"')[1].split("</ul>")[0]
    assert not Enrollment.objects.filter(person=fia).exists()


def test_edit_form_shows_and_saves_the_esf_fields(world, login_as):
    e = world.enrollments["anna"]
    actions.update_enrollment(
        None,
        e,
        version=e.version,
        occupation_start="arbetssokande",
        unemployed_months_start=30,
        disability=False,
        voluntary_consent_method="muntligt",
    )
    e.refresh_from_db()
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:enrollment_edit", args=[e.pk])).content.decode()
    assert 'name="unemployed_months_start" value="30"' in html
    assert '<option value="nej" selected>' in html.split('name="disability"')[1].split("</select>")[0]
    assert 'name="gained_qualification"' not in html  # only once the enrolment has ended
    data = {
        "version": e.version,
        "start_date": "2023-01-10",
        "referrer": "af",
        "intake_channel": "",
        "need_group": "",
        "new_need_group": "",
        "income_source_start": "",
        "occupation_start": "arbetssokande",
        "work_extent_start": "",
        "unemployed_months_start": "30",
        "education_level_start": "5",
        **VOLUNTARY_POST,
    }
    assert client.post(reverse("participants:enrollment_edit", args=[e.pk]), data).status_code == 302
    e.refresh_from_db()
    assert e.education_level_start == 5 and e.disability is True and e.third_country_national is False


def test_exit_form_captures_gained_qualification(world, login_as):
    e = world.enrollments["anna"]
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:exit", args=[e.pk])).content.decode()
    assert "<legend>Situation vid avslut</legend>" in html and 'name="gained_qualification"' in html
    response = client.post(
        reverse("participants:exit", args=[e.pk]),
        {
            "version": e.version,
            "end_date": "2024-01-31",
            "exit_reason": "studier",
            "occupation_exit": "studier",
            "gained_qualification": "ja",
        },
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.gained_qualification is True
    html = client.get(reverse("participants:enrollment_edit", args=[e.pk])).content.decode()
    assert 'name="gained_qualification"' in html  # correctable once ended


def test_participant_page_shows_the_esf_fields_to_those_who_see_the_person(world, login_as):
    e = world.enrollments["anna"]
    actions.update_enrollment(
        None,
        e,
        version=e.version,
        occupation_start="arbetssokande",
        unemployed_months_start=14,
        education_level_start=3,
        third_country_national=True,
        housing_exclusion=False,
        voluntary_consent_method="digitalt",
    )
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert "14 månader" in html and "Gymnasium (ISCED 3)" in html
    assert "Medborgare i land utanför EU/EES: ja; Hemlös eller utestängd från bostadsmarknaden: nej" in html
    bo_page = login_as(world.users["leader"]).get(
        reverse("participants:detail", args=[world.persons["bo"].pk])
    )
    assert "Inte besvarade" in bo_page.content.decode()
    assert (
        login_as(world.users["coord_mdl"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .status_code
        == 404
    )
