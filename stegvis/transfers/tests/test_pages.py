"""The transfer pages: the participant page's section, the list, one transfer's forms, the start page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrollment
from stegvis.participants.tests.helpers import add_enrolled_persons
from stegvis.testing import audit_write_queries
from stegvis.transfers import actions
from stegvis.transfers.models import CaseTransfer, TransferStatus
from stegvis.transfers.testing import anna_to_molndal

pytestmark = pytest.mark.django_db


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_participant_page_offers_the_transfer_form(world, login_as):
    html = _page(
        login_as(world.users["coord_kba"]), reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    assert 'id="overforing"' in html and "Överför till annan organisation" in html
    assert reverse("transfers:propose", args=[world.enrollments["anna"].pk]) in html
    assert "Mölndals stad" in html and "Växjö kommun" not in html  # only the project's other organisations


def test_proposing_from_the_form(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("transfers:propose", args=[world.enrollments["anna"].pk])
    response = client.post(url, {"to_organization": world.orgs["molndal"].pk, "note": "Flyttar."})
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[world.persons["anna"].pk])
    transfer = CaseTransfer.objects.get()
    assert (
        transfer.to_organization == world.orgs["molndal"] and transfer.proposed_by == world.users["coord_kba"]
    )
    # The section now shows the proposal instead of the form.
    html = _page(client, response["Location"])
    assert "Föreslagen" in html and reverse("transfers:detail", args=[transfer.pk]) in html
    assert reverse("transfers:propose", args=[world.enrollments["anna"].pk]) not in html


@pytest.mark.parametrize(
    "data,expected",
    [
        ({"to_organization": "", "note": "x"}, "Till organisation: Välj den organisation"),
        ({"to_organization": "molndal", "note": " "}, "Varför: Skriv varför deltagaren ska föras över."),
        ({"to_organization": "999999", "note": "x"}, "Till organisation: Välj ett giltigt alternativ"),
        ({"to_organization": "abc", "note": "x"}, "Till organisation: Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_is_shown_at_the_field(world, login_as, data, expected):
    if data["to_organization"] == "molndal":
        data = {**data, "to_organization": world.orgs["molndal"].pk}
    response = login_as(world.users["coord_kba"]).post(
        reverse("transfers:propose", args=[world.enrollments["anna"].pk]), data
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not CaseTransfer.objects.exists()


def test_the_receiver_sees_what_it_needs_to_decide_and_no_more(world, login_as):
    transfer = anna_to_molndal(world)
    client = login_as(world.users["coord_mdl"])
    html = _page(client, reverse("transfers:detail", args=[transfer.pk]))
    assert "Anna Andersson" in html and "född 1985" in html and "Flyttar till Mölndal" in html
    assert "19850101" not in html  # no personnummer
    assert reverse("participants:detail", args=[world.persons["anna"].pk]) not in html  # not yet theirs
    assert reverse("transfers:accept", args=[transfer.pk]) in html
    assert reverse("transfers:withdraw", args=[transfer.pk]) not in html
    entry = AuditEntry.objects.filter(user=world.users["coord_mdl"], action="view").last()
    assert entry.person_id == world.persons["anna"].pk and entry.detail == "överföringsförslag"
    assert client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).status_code == 404


def test_a_protected_identity_is_not_named_before_acceptance(world, login_as):
    from stegvis.organizations.actions import grant_role
    from stegvis.organizations.models import Role
    from stegvis.testing import make_user

    af = make_user("coord_af")
    grant_role(None, af, role=Role.COORDINATOR, organization=world.orgs["af"], project=world.projects["spik"])
    transfer = actions.propose_transfer(
        None, world.enrollments["cia"], to_organization=world.orgs["af"], note="Till AF:s team."
    )
    client = login_as(af)
    for url in (reverse("transfers:detail", args=[transfer.pk]), reverse("transfers:list")):
        html = _page(client, url)
        assert "Cia" not in html and "Ceder" not in html and "skyddad identitet" in html
    client.post(reverse("transfers:accept", args=[transfer.pk]), {"version": transfer.version})
    assert "Cia Ceder" in _page(client, reverse("transfers:detail", args=[transfer.pk]))


def test_accepting_on_the_page_hands_the_person_over(world, login_as):
    transfer = anna_to_molndal(world)
    mdl = login_as(world.users["coord_mdl"])
    response = mdl.post(
        reverse("transfers:accept", args=[transfer.pk]),
        {"version": transfer.version, "coordinator": world.users["coord_mdl"].pk},
    )
    anna_page = reverse("participants:detail", args=[world.persons["anna"].pk])
    assert response.status_code == 302 and response["Location"] == anna_page
    html = _page(mdl, anna_page)
    assert "Mölndals stad" in html and "Godkänd" in html
    # Kungsbacka's coordinator no longer opens anna's page, but still sees the transfer (without the new coordinator).
    kba = login_as(world.users["coord_kba"])
    assert kba.get(anna_page).status_code == 404
    html = _page(kba, reverse("transfers:detail", args=[transfer.pk]))
    assert "Godkänd" in html and "Ny koordinator" not in html and anna_page not in html


def test_the_accept_form_offers_the_receivers_coordinators(world, login_as):
    transfer = anna_to_molndal(world)
    html = _page(login_as(world.users["coord_mdl"]), reverse("transfers:accept", args=[transfer.pk]))
    assert f'value="{world.users["coord_mdl"].pk}"' in html
    assert f'value="{world.users["coord_kba"].pk}"' not in html


def test_declining_without_a_reason_is_shown_at_the_field(world, login_as):
    transfer = anna_to_molndal(world)
    client = login_as(world.users["coord_mdl"])
    url = reverse("transfers:decline", args=[transfer.pk])
    response = client.post(url, {"version": transfer.version, "decline_reason": ""})
    assert response.status_code == 200
    assert "Skäl att avböja: Skriv varför förslaget avböjs." in response.content.decode()
    response = client.post(url, {"version": transfer.version, "decline_reason": "Fullt."})
    assert response.status_code == 302 and response["Location"] == reverse("transfers:list")
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.DECLINED
    # The sender reads the reason.
    assert "Fullt." in _page(
        login_as(world.users["coord_kba"]), reverse("transfers:detail", args=[transfer.pk])
    )


def test_an_answer_on_a_stale_page_is_a_clear_conflict(world, login_as):
    transfer = anna_to_molndal(world)
    actions.withdraw_transfer(None, transfer, version=transfer.version)
    response = login_as(world.users["coord_mdl"]).post(
        reverse("transfers:accept", args=[transfer.pk]), {"version": transfer.version}
    )
    # Withdrawn: Mölndal no longer sees it at all.
    assert response.status_code == 404
    transfer = anna_to_molndal(world)
    response = login_as(world.users["leader"]).post(
        reverse("transfers:withdraw", args=[transfer.pk]), {"version": transfer.version + 3}
    )
    assert response.status_code == 200 and "Någon annan har ändrat" in response.content.decode()
    response = login_as(world.users["leader"]).post(
        reverse("transfers:withdraw", args=[transfer.pk]), {"version": "x"}
    )
    assert response.status_code == 200


def test_the_other_sides_forms_are_not_found(world, login_as):
    transfer = anna_to_molndal(world)
    kba, mdl = login_as(world.users["coord_kba"]), None
    assert kba.post(reverse("transfers:accept", args=[transfer.pk]), {"version": 1}).status_code == 404
    mdl = login_as(world.users["coord_mdl"])
    assert mdl.post(reverse("transfers:withdraw", args=[transfer.pk]), {"version": 1}).status_code == 404
    transfer.refresh_from_db()
    assert transfer.is_open


# --- The list ------------------------------------------------------------------------------------


def _more_transfers(world, n):
    """``n`` more persons enrolled by Kungsbacka, each proposed to Mölndal (every second then declined)."""
    for i, person in enumerate(add_enrolled_persons(world, n)):
        enrollment = person.enrollments.get()
        transfer = actions.propose_transfer(
            None, enrollment, to_organization=world.orgs["molndal"], note="Flytt"
        )
        if i % 2:
            actions.decline_transfer(None, transfer, version=transfer.version, reason="Nej")


def test_the_list_has_incoming_outgoing_and_answered(world, login_as):
    anna_to_molndal(world)
    bo = actions.propose_transfer(
        None, world.enrollments["bo"], to_organization=world.orgs["kungsbacka"], note="Tillbaka"
    )
    html = _page(login_as(world.users["coord_mdl"]), reverse("transfers:list"))
    incoming, rest = html.split('id="outgoing-h"')
    outgoing, decided = rest.split('id="decided-h"')
    assert "Anna Andersson" in incoming and "Bo Berg" in outgoing
    actions.decline_transfer(None, bo, version=bo.version, reason="Nej")
    html = _page(login_as(world.users["coord_mdl"]), reverse("transfers:list"))
    assert "Bo Berg" in html.split('id="decided-h"')[1]


# Rows shown after six more proposals, three of them declined: Mölndal no longer sees those.
@pytest.mark.parametrize("role,shown", [("coord_mdl", 4), ("coord_kba", 7), ("leader", 7), ("admin", 7)])
def test_the_list_is_a_fixed_number_of_queries_and_audits_who_was_shown(world, login_as, role, shown):
    client = login_as(world.users[role])
    anna_to_molndal(world)
    client.get(reverse("transfers:list"))  # the session settles

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            _page(client, reverse("transfers:list"))
        return len(ctx.captured_queries)

    few = queries()
    _more_transfers(world, 6)
    before = AuditEntry.objects.count()
    assert queries() == few
    # One search entry and one per transfer shown, in one INSERT.
    assert AuditEntry.objects.count() - before == 1 + shown
    assert few <= 8 + audit_write_queries()


def test_others_see_nothing_in_the_list(world, login_as):
    anna_to_molndal(world)
    html = _page(login_as(world.users["coord_spik"]), reverse("transfers:list"))
    assert "Anna" not in html and "Inga förslag väntar" in html


# --- The start page -------------------------------------------------------------------------------


def test_the_receivers_start_page_counts_the_proposals_waiting(world, login_as):
    anna_to_molndal(world)
    html = _page(login_as(world.users["coord_mdl"]), reverse("home"))
    assert (
        "1 förslag om överföring till er väntar på svar" in html
        and "Anna" not in html.split("transfers-h")[1][:300]
    )
    assert "förslag om överföring" not in _page(login_as(world.users["coord_kba"]), reverse("home"))


def test_the_reminder_counts_the_receivers_proposals(world):
    from stegvis.notifications.reminders import reminder_sources
    from stegvis.transfers.queries import incoming_count

    anna_to_molndal(world)
    assert "transfers.incoming" in {s.name for s in reminder_sources()}
    assert incoming_count(world.users["coord_mdl"]) == 1
    assert incoming_count(world.users["coord_kba"]) == 0
    assert incoming_count(world.users["leader"]) == 0  # addressed to the organisation's own staff
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert enrollment.organization == world.orgs["kungsbacka"]


@pytest.mark.parametrize("n, folded", [(5, 0), (7, 2)])
def test_long_transfer_history_folds_the_oldest(world, login_as, n, folded):
    made = []
    for _k in range(n):
        transfer = anna_to_molndal(world)
        actions.withdraw_transfer(None, transfer, version=transfer.version)
        made.append(transfer.pk)
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    section = html[html.index('id="overforing"') :]
    section = section[: section.index("</section>")]
    if folded:
        assert f"Visa {folded} äldre överföringar" in section
        older = section[section.index('<details class="collapsed-list">') : section.index("</details>")]
        # Newest first: the two oldest are the folded ones.
        assert f"överföringen {made[0]}<" in older and f"överföringen {made[1]}<" in older
        assert f"överföringen {made[2]}<" not in older
    else:
        assert "collapsed-list" not in section
    assert all(f"överföringen {pk}<" in section for pk in made)
