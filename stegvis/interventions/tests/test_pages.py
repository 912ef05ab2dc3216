"""The pages: participant section with the timeline, forms, catalogue; access, audit, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.interventions import actions
from stegvis.interventions.models import Category, Kind, ParticipantIntervention
from stegvis.interventions.testing import anna_placement, anna_praktik, catalogue_entry

D = datetime.date


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_participant_page_shows_the_timeline_and_table(world, login_as):
    sfi = catalogue_entry(
        world,
        name="SFI",
        category=Category.KOMPETENSHOJANDE,
        kind=Kind.SFI,
        provider_organization=None,
        provider_name="Vuxenutbildningen",
    )
    actions.add_participant_intervention(
        None, world.enrollments["anna"], intervention=sfi, start_date=D(2023, 2, 1)
    )
    anna_placement(world)
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    section = html[html.index('id="insatser"') :]
    assert '<svg class="chart"' in section and "Insatser över tid i Helhetslyftet" in section
    # Coloured and labelled by category; the report date is marked; ongoing ones say so.
    assert "Kompetenshöjande" in section and "Arbetsinriktad" in section and ">idag<" in section
    assert "pågår" in section and "Vuxenutbildningen" in section and "Förskolan Solrosen" in section
    assert reverse("interventions:participation_create", args=[world.enrollments["anna"].pk]) in section
    # The leader sees it too; an evaluator never reaches the page.
    html = (
        login_as(world.users["leader"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert "Förskolan Solrosen" in html


@pytest.mark.django_db
def test_participant_section_query_count_does_not_grow(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("participants:detail", args=[world.persons["anna"].pk])
    anna_praktik(world)
    few = _queries(client, url)
    entry = catalogue_entry(world, name="Min Hälsa", category=Category.HALSA, kind=Kind.KURS)
    for month in range(2, 8):
        actions.add_participant_intervention(
            None,
            world.enrollments["anna"],
            intervention=entry,
            start_date=D(2023, month, 1),
            end_date=D(2023, month, 20),
        )
    placement = actions.add_placement(
        None,
        ParticipantIntervention.objects.filter(intervention__kind=Kind.PRAKTIK).get(),
        workplace_name="Lagret",
        workplace_type="lager",
    )
    actions.add_placement_follow_up(None, placement, date=D(2023, 4, 1), note="Bra")
    assert _queries(client, url) == few


@pytest.mark.django_db
def test_adding_an_intervention_shows_errors_at_fields_and_audits(world, login_as):
    entry = catalogue_entry(world)
    retired = catalogue_entry(world, name="Gammal kurs", kind=Kind.KURS, active=False)
    client = login_as(world.users["coord_kba"])
    url = reverse("interventions:participation_create", args=[world.enrollments["anna"].pk])
    page = client.get(url).content.decode()
    assert "Praktik – Arbetsinriktad" in page and "Gammal kurs" not in page
    response = client.post(url, {"intervention": entry.pk, "start_date": "2023-01-01", "end_date": ""})
    assert response.status_code == 200
    assert "Startdatum kan inte vara före inskrivningens start (2023-01-10)." in response.content.decode()
    response = client.post(url, {"intervention": retired.pk, "start_date": "2023-03-01"})
    assert response.status_code == 200 and not ParticipantIntervention.objects.exists()
    response = client.post(url, {"intervention": entry.pk, "start_date": "2023-03-01", "note": "Förskola"})
    assert response.status_code == 302 and response["Location"].endswith("#insatser")
    participation = ParticipantIntervention.objects.get()
    assert participation.recorded_by == world.users["coord_kba"]
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE,
            person=world.persons["anna"],
            object_type="interventions.participantintervention",
        ).count()
        == 1
    )
    # Mölndal's coordinator does not reach anna's enrolment at all.
    assert (
        login_as(world.users["coord_mdl"])
        .post(url, {"intervention": entry.pk, "start_date": "2023-03-01"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_stale_edit_gets_the_conflict_message_and_reads_are_audited(world, login_as):
    participation = anna_praktik(world)
    client = login_as(world.users["coord_kba"])
    url = reverse("interventions:participation_edit", args=[participation.pk])
    assert client.get(url).status_code == 200
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.VIEW,
            person=world.persons["anna"],
            object_type="interventions.participantintervention",
        ).count()
        == 1
    )
    actions.update_participant_intervention(
        world.users["leader"], participation, version=1, note="Ändrad av ledaren"
    )
    response = client.post(
        url,
        {
            "intervention": participation.intervention_id,
            "start_date": "2023-03-01",
            "end_date": "2023-04-30",
            "version": "1",
        },
    )
    assert response.status_code == 200 and "Någon annan har ändrat uppgifterna" in response.content.decode()
    participation.refresh_from_db()
    assert participation.end_date is None and participation.note == "Ändrad av ledaren"


@pytest.mark.django_db
def test_placement_pages(world, login_as):
    participation = anna_praktik(world)
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("interventions:placement_create", args=[participation.pk]),
        {
            "workplace_name": "Äldreboendet Vallmon",
            "workplace_type": "aldreomsorg",
            "supervisor_name": "Sara Holm",
            "supervisor_phone": "070-111 22 33",
            "supervisor_email": "fel",
            "outcome": "pagar",
        },
    )
    assert response.status_code == 200 and list(response.context["form"].errors) == ["supervisor_email"]
    response = client.post(
        reverse("interventions:placement_create", args=[participation.pk]),
        {
            "workplace_name": "Äldreboendet Vallmon",
            "workplace_type": "aldreomsorg",
            "supervisor_name": "Sara Holm",
            "supervisor_phone": "070-111 22 33",
            "supervisor_email": "sara@example.se",
            "outcome": "pagar",
        },
    )
    assert response.status_code == 302
    placement = participation.placement
    follow_up_url = reverse("interventions:placement_follow_up", args=[placement.pk])
    assert (
        client.post(follow_up_url, {"date": "2023-04-01", "note": "Trepartssamtal, går bra"}).status_code
        == 302
    )
    response = client.post(
        reverse("interventions:placement_edit", args=[placement.pk]),
        {
            "workplace_name": "Äldreboendet Vallmon",
            "workplace_type": "aldreomsorg",
            "supervisor_name": "Sara Holm",
            "supervisor_phone": "",
            "supervisor_email": "",
            "outcome": "anstallning_har",
            "version": "1",
        },
    )
    assert response.status_code == 302
    html = client.get(reverse("interventions:placement_detail", args=[placement.pk])).content.decode()
    assert (
        "Anställning på arbetsplatsen" in html and "Trepartssamtal, går bra" in html and "Sara Holm" in html
    )
    assert (
        AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="interventions.placement").count() == 1
    )
    # A course cannot get a workplace: the error is shown, nothing written.
    course = actions.add_participant_intervention(
        None,
        world.enrollments["anna"],
        intervention=catalogue_entry(world, name="FIA", kind=Kind.KURS),
        start_date=D(2023, 3, 1),
    )
    response = client.post(
        reverse("interventions:placement_create", args=[course.pk]),
        {"workplace_name": "X", "workplace_type": "lager", "outcome": "pagar"},
    )
    assert response.status_code == 200 and "bara för praktik och arbetsträning" in response.content.decode()


@pytest.mark.django_db
def test_catalogue_is_read_by_coordinators_and_managed_by_leaders(world, login_as):
    catalogue_entry(world)
    url = reverse("interventions:catalogue", args=["helhetslyftet"])
    html = login_as(world.users["coord_mdl"]).get(url).content.decode()
    assert "Praktik" in html and reverse("interventions:catalogue_create", args=["helhetslyftet"]) not in html
    client = login_as(world.users["leader"])
    create = reverse("interventions:catalogue_create", args=["helhetslyftet"])
    assert create in client.get(url).content.decode()
    response = client.post(
        create,
        {
            "name": "Digitalt för alla",
            "category": "kompetenshojande",
            "kind": "kurs",
            "provider_name": "",
            "active": "on",
        },
    )
    assert response.status_code == 200 and "Ange anordnare" in response.content.decode()
    response = client.post(
        create,
        {
            "name": "Digitalt för alla",
            "category": "kompetenshojande",
            "kind": "kurs",
            "provider_organization": world.orgs["kungsbacka"].pk,
            "active": "on",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Digitalt för alla" in html and "Kungsbacka kommun" in html
    assert (
        AuditEntry.objects.filter(
            object_type="interventions.intervention", user=world.users["leader"]
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_catalogue_pages_query_counts_do_not_grow(world, login_as):
    client = login_as(world.users["leader"])
    catalogue_entry(world)
    list_url = reverse("interventions:catalogue", args=["helhetslyftet"])
    index_url = reverse("interventions:catalogue_index")
    few = (_queries(client, list_url), _queries(client, index_url))
    for i in range(8):
        entry = catalogue_entry(world, name=f"Kurs {i}", kind=Kind.KURS, organization=world.orgs["molndal"])
        actions.add_participant_intervention(
            None, world.enrollments["bo"], intervention=entry, start_date=D(2023, 3, 1)
        )
        catalogue_entry(world, name=f"Kurs {i}", kind=Kind.KURS, project="spik")
    assert (_queries(client, list_url), _queries(client, index_url)) == few


@pytest.mark.django_db
@pytest.mark.parametrize("n, folded", [(5, 0), (7, 2)])
def test_long_list_of_interventions_folds_the_oldest(world, login_as, n, folded):
    for k in range(n):
        anna_praktik(world, start=D(2023, 3, 1 + k), end=D(2023, 3, 1 + k))
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    section = html[html.index('id="insatser"') :]
    section = section[: section.index("</section>")]
    if folded:
        assert f"Visa {folded} äldre insatser" in section
        older = section[section.index('<details class="collapsed-list">') : section.index("</details>")]
        assert "2023-03-01" in older and "2023-03-02" in older and "2023-03-03" not in older
    else:
        assert "collapsed-list" not in section
