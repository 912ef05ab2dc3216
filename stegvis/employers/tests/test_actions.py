import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.employers import actions
from stegvis.employers.models import Employer
from stegvis.employers.testing import employer, log_entry

pytestmark = pytest.mark.django_db


def test_create_normalises_and_audits(world):
    emp = actions.create_employer(
        world.users["coord_kba"],
        organization=world.orgs["kungsbacka"],
        name=" Nordlager AB ",
        org_number="5560360793",
        industry="H",
        postal_code="43430",
        municipality="Kungsbacka",
    )
    assert (emp.name, emp.org_number, emp.postal_code, emp.municipality) == (
        "Nordlager AB",
        "556036-0793",
        "434 30",
        "1384",
    )
    entry = AuditEntry.objects.get(object_type="employers.employer", action="create")
    assert entry.changes["org_number"] == [None, "556036-0793"]


def test_bad_input_is_refused_at_its_fields(world):
    with pytest.raises(ActionError) as error:
        actions.create_employer(
            None,
            organization=world.orgs["kungsbacka"],
            name="",
            org_number="556036-0794",
            industry="Z",
            municipality="Atlantis",
            postal_code="12",
        )
    assert set(error.value.message_dict) == {"name", "org_number", "industry", "municipality", "postal_code"}
    assert not Employer.objects.exists()


def test_a_name_is_taken_once_per_organisation(world):
    employer(world, name="ICA Kvantum")
    with pytest.raises(ActionError) as error:
        employer(world, name="ica kvantum")
    assert "name" in error.value.message_dict
    employer(world, org="molndal", name="ICA Kvantum")  # another organisation's register


def test_only_the_organisations_own_staff_add_or_change(world):
    with pytest.raises(NotAllowed):
        actions.create_employer(world.users["coord_mdl"], organization=world.orgs["kungsbacka"], name="X")
    with pytest.raises(NotAllowed):
        actions.create_employer(world.users["evaluator"], organization=world.orgs["kungsbacka"], name="X")
    emp = employer(world)
    with pytest.raises(NotAllowed):
        actions.update_employer(world.users["coord_spik"], emp, version=emp.version, name="Y")
    # The leader of a project Mölndal partners in keeps Mölndal's register too.
    actions.create_employer(world.users["leader"], organization=world.orgs["molndal"], name="Mölndals bageri")


def test_a_stale_edit_is_a_conflict(world):
    emp = employer(world)
    actions.update_employer(world.users["coord_kba"], emp, version=1, name="Förskolan Solrosen AB")
    stale = Employer.objects.get(pk=emp.pk)
    stale.version = 1
    with pytest.raises(ConflictError):
        actions.update_employer(world.users["coord_kba"], stale, version=1, active=False)
    assert Employer.objects.get(pk=emp.pk).active


def test_contacts_agreements_and_log(world):
    emp = employer(world)
    user = world.users["coord_kba"]
    contact = actions.add_contact_person(
        user, emp, name="Maria Lind", role="Rektor", email="maria@example.se"
    )
    with pytest.raises(ActionError) as error:
        actions.add_contact_person(user, emp, name="", email="inte-en-adress")
    assert set(error.value.message_dict) == {"name", "email"}
    actions.update_contact_person(user, contact, version=contact.version, active=False)
    with pytest.raises(ActionError) as error:
        actions.add_agreement(
            user,
            emp,
            kind="praktikavtal",
            valid_from=datetime.date(2024, 2, 1),
            valid_to=datetime.date(2024, 1, 1),
        )
    assert "valid_to" in error.value.message_dict
    agreement = actions.add_agreement(user, emp, kind="samverkansavtal", valid_from=datetime.date(2024, 2, 1))
    actions.update_agreement(user, agreement, version=agreement.version, valid_to=datetime.date(2024, 12, 31))
    entry = log_entry(world, emp, contact_person=contact, next_step_date=datetime.date.today())
    assert entry.staff is None  # made by the system
    other = employer(world, name="Annan")
    with pytest.raises(ActionError) as error:
        actions.log_contact(
            user, other, date=datetime.date.today(), channel="x", note="", contact_person=contact
        )
    assert set(error.value.message_dict) == {"channel", "note", "contact_person"}
    with pytest.raises(ActionError) as error:
        actions.log_contact(
            user, emp, date=datetime.date.today() + datetime.timedelta(days=1), channel="telefon", note="x"
        )
    assert "date" in error.value.message_dict
    assert AuditEntry.objects.filter(object_type__startswith="employers.").count() == 7
