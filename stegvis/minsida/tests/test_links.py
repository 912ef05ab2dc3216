"""Staff hand out links to Min sida: QR code, SMS or e-mail, from the participant page or the command line."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.minsida.models import MinSidaLink
from stegvis.minsida.tests.helpers import end_annas_enrolment, open_session
from stegvis.notifications.models import MessageLog
from stegvis.participants.models import ParticipantRef

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna_contact(world):
    person = world.persons["anna"]
    person.phone = "070-123 45 67"
    person.email = "anna@example.se"
    person.language = "so"
    person.save(update_fields=["phone", "email", "language"])
    return person


def create_url(world, person="anna"):
    return reverse("minsida:create", args=[world.enrollments[person].pk])


def test_the_participant_page_offers_the_form_next_to_the_self_assessment(world, login_as):
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert 'id="minsida"' in html and create_url(world) in html
    assert html.index('id="progression"') < html.index('id="minsida"')
    # The project leader sees it too; an evaluator never reaches the page.
    assert (
        create_url(world)
        in login_as(world.users["leader"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )


def test_a_qr_code_is_shown_once_and_the_link_is_audited(world, login_as, anna_contact):
    client = login_as(world.users["coord_kba"])
    form = client.get(create_url(world)).content.decode()
    assert '<option value="so" selected>' in form  # the person's own language first
    response = client.post(create_url(world), {"language": "ar", "valid_days": 7, "channel": "qr"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Länken till Min sida är skapad" in html
    assert "Länken öppnar Min sida så många gånger som behövs" in html
    assert response["Cache-Control"] == "no-store"
    raw = re.search(r"/min-sida/([A-Za-z0-9_-]{32})/", html).group(1)
    link = MinSidaLink.objects.get()
    assert link.language == "ar" and link.channel == "qr" and link.created_by == world.users["coord_kba"]
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=7)) < datetime.timedelta(minutes=1)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="minsida.minsidalink")
    assert entry.user == world.users["coord_kba"] and entry.person == anna_contact
    assert raw not in str(entry.changes) and raw not in entry.detail
    # The link works.
    open_session(client, raw)


def test_an_sms_goes_through_the_file_backend_in_the_participants_language(
    world, login_as, anna_contact, settings, tmp_path
):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    client = login_as(world.users["coord_kba"])
    response = client.post(create_url(world), {"language": "en", "valid_days": 3, "channel": "sms"})
    assert response.status_code == 302
    assert response["Location"].endswith("#minsida")
    outbox = (tmp_path / "outbox" / "sms.log").read_text()
    assert "+46701234567" in outbox
    assert "Here is your link to My page" in outbox
    assert "/min-sida/" in outbox
    assert "Anna" not in outbox and "Andersson" not in outbox
    link = MinSidaLink.objects.get()
    assert link.channel == "sms"
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, detail="sms", person=anna_contact).exists()
    # The message log keeps the text without the link's token.
    logged = MessageLog.objects.get(person=anna_contact)
    assert logged.kind == "minsida_link" and "/min-sida/" in logged.text
    token = re.search(r"/min-sida/([A-Za-z0-9_-]{32})/", outbox).group(1)
    assert token not in logged.text


def test_an_email_goes_to_the_outbox_without_names(world, login_as, anna_contact):
    client = login_as(world.users["coord_kba"])
    response = client.post(create_url(world), {"language": "sw", "valid_days": 7, "channel": "email"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.se"]
    assert message.subject == "Kiungo chako cha Ukurasa wangu"
    assert "/min-sida/" in message.body and "Anna" not in message.body
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, detail="e-post").exists()


def test_sms_without_a_number_is_refused_at_the_field(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(create_url(world), {"language": "sv", "valid_days": 7, "channel": "sms"})
    assert response.status_code == 200
    assert "Deltagaren har inget mobilnummer registrerat." in response.content.decode()
    assert not MinSidaLink.objects.exists()


def test_another_organisation_gets_404(world, login_as):
    client = login_as(world.users["coord_mdl"])
    assert client.get(create_url(world)).status_code == 404
    assert (
        client.post(create_url(world), {"language": "sv", "valid_days": 7, "channel": "qr"}).status_code
        == 404
    )
    assert not MinSidaLink.objects.exists()


def test_the_validity_is_bounded(world, login_as):
    client = login_as(world.users["coord_kba"])
    for days in ("0", "31", "x"):
        response = client.post(create_url(world), {"language": "sv", "valid_days": days, "channel": "qr"})
        assert response.status_code == 200
    assert not MinSidaLink.objects.exists()


# --- The command line ----------------------------------------------------------------------------


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("link", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_command_prints_a_link_made_by_the_system(world, client, settings):
    settings.STEGVIS_BASE_URL = "https://stegvis.example"
    url, note = run("min-sida", "helhetslyftet", "KBA-1", "--language", "ti", "--days", "3")
    assert re.fullmatch(r"https://stegvis\.example/min-sida/[A-Za-z0-9_-]{32}/", url)
    assert "Språk: ti" in note
    link = MinSidaLink.objects.get()
    assert link.created_by is None and link.language == "ti" and link.enrollment == world.enrollments["anna"]
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=3)) < datetime.timedelta(minutes=1)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="minsida.minsidalink")
    assert entry.user is None and entry.username == "" and entry.person == world.persons["anna"]
    open_session(client, url.removeprefix("https://stegvis.example/min-sida/").strip("/"))


def test_the_command_defaults_to_seven_days_and_the_persons_language(world):
    world.persons["bo"].__class__.objects.filter(pk=world.persons["bo"].pk).update(language="ar")
    run("min-sida", "helhetslyftet", "MDL-1")
    link = MinSidaLink.objects.get()
    assert link.language == "ar" and link.enrollment == world.enrollments["bo"]
    assert abs(link.expires_at - timezone.now() - datetime.timedelta(days=7)) < datetime.timedelta(minutes=1)


def test_the_command_takes_an_exported_reference(world):
    run("min-sida", "spik", f"stegvis-{world.persons['cia'].pk}")
    assert MinSidaLink.objects.get().enrollment == world.enrollments["cia"]


@pytest.mark.parametrize(
    "args,message",
    [
        (("min-sida", "okand", "KBA-1"), "Projektet okand finns inte."),
        (("min-sida", "helhetslyftet", "NOPE"), "Ingen deltagare med referensen NOPE"),
        (("min-sida", "spik", "KBA-1"), "Ingen deltagare med referensen KBA-1"),  # not enrolled there
        (("min-sida", "helhetslyftet", "KBA-1", "--days", "40"), "Länken kan gälla från 1 till 30 dagar."),
    ],
)
def test_the_command_says_what_is_wrong(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not MinSidaLink.objects.exists()


def test_the_command_refuses_a_reference_two_people_share_in_the_project(world):
    ParticipantRef.objects.create(person=world.persons["bo"], organization=world.orgs["molndal"], ref="KBA-1")
    with pytest.raises(CommandError, match="används av flera deltagare"):
        run("min-sida", "helhetslyftet", "KBA-1")


def test_the_command_refuses_an_ended_enrolment(world):
    end_annas_enrolment(world)
    with pytest.raises(CommandError, match="ingen pågående inskrivning"):
        run("min-sida", "helhetslyftet", "KBA-1")


def test_the_command_line_help_names_the_arguments():
    from django.core.management import load_command_class

    command = load_command_class("stegvis.minsida", "link")
    parser = command.create_parser("stegvis", "link")
    text = parser.format_help()
    assert "min-sida" in text
