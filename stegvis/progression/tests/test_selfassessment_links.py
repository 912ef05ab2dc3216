"""Self-assessment links: making, sending, answering once, and who may make them."""

import datetime
import hashlib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.core.tokens import hash_token
from stegvis.progression.models import Measurement, Respondent, SelfAssessmentLink, Source
from stegvis.progression.selfassessment import actions


@pytest.fixture
def anna_contact(world):
    person = world.persons["anna"]
    person.phone = "070-123 45 67"
    person.email = "anna@example.se"
    person.save(update_fields=["phone", "email"])
    return person


def make_link(world, **kwargs):
    kwargs.setdefault("language", "sv")
    return actions.create_link(world.users["coord_kba"], world.enrollments["anna"], **kwargs)


def all_answers(link, value=5):
    return {item.code: value for item in link.instrument.items.all()}


def test_only_the_hash_of_the_token_is_stored(world):
    link, raw = make_link(world)
    assert len(raw) >= 32
    assert link.token_hash == hashlib.sha256(raw.encode()).hexdigest() == hash_token(raw)
    stored = SelfAssessmentLink.objects.values().get(pk=link.pk)
    assert raw not in str(stored)
    assert not AuditEntry.objects.filter(changes__icontains=raw).exists()
    assert not AuditEntry.objects.filter(detail__icontains=raw).exists()


def test_link_defaults_and_audit(world):
    link, _raw = make_link(world, language="ar", valid_days=7)
    assert link.instrument.code == "progressionskort"
    assert link.language == "ar"
    assert abs((link.expires_at - timezone.now()) - datetime.timedelta(days=7)) < datetime.timedelta(
        minutes=1
    )
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="progression.selfassessmentlink")
    assert entry.person == world.persons["anna"]


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"language": "xx"}, "language"),
        ({"valid_days": 0}, "valid_days"),
        ({"valid_days": 365}, "valid_days"),
        ({"channel": "fax"}, "channel"),
        ({"channel": "sms"}, "channel"),  # anna has no phone in the world
        ({"channel": "email"}, "channel"),
    ],
)
def test_bad_input_is_refused_with_a_message_at_the_field(world, kwargs, field):
    with pytest.raises(ActionError) as caught:
        make_link(world, **kwargs)
    assert field in caught.value.message_dict
    assert not SelfAssessmentLink.objects.exists()


def test_other_organisation_cannot_make_a_link(world):
    for role in ("coord_mdl", "coord_spik", "evaluator", "norole"):
        with pytest.raises(NotAllowed):
            actions.create_link(world.users[role], world.enrollments["anna"], language="sv")
    assert not SelfAssessmentLink.objects.exists()


def test_other_organisation_gets_404_on_the_link_page(world, login_as):
    client = login_as(world.users["coord_mdl"])
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"language": "sv", "valid_days": 7, "channel": "qr"}).status_code == 404
    assert not SelfAssessmentLink.objects.exists()


def test_sms_goes_through_the_file_backend_and_is_audited(world, anna_contact, settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    link, raw = make_link(world, channel="sms", language="en")
    actions.send_link(world.users["coord_kba"], link, f"https://stegvis.example/s/{raw}/")
    outbox = (tmp_path / "outbox" / "sms.log").read_text()
    assert "+46701234567" in outbox
    assert f"/s/{raw}/" in outbox
    assert "Anna" not in outbox
    assert "Here are the questions" in outbox  # in the language of the link
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.detail == "sms" and entry.person == anna_contact


def test_email_lands_in_the_outbox(world, anna_contact):
    link, raw = make_link(world, channel="email")
    actions.send_link(world.users["coord_kba"], link, f"https://stegvis.example/s/{raw}/")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.se"]
    assert f"/s/{raw}/" in message.body
    assert AuditEntry.objects.get(action=AuditAction.EXPORT).detail == "e-post"


def test_create_view_sends_sms_and_returns_to_the_person(world, anna_contact, login_as, settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    client = login_as(world.users["coord_kba"])
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    response = client.post(url, {"language": "so", "valid_days": 3, "channel": "sms"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("participants:detail", args=[anna_contact.pk]))
    assert (tmp_path / "outbox" / "sms.log").exists()
    assert SelfAssessmentLink.objects.get().channel == "sms"


def test_create_view_shows_a_qr_code_once(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    response = client.post(url, {"language": "sv", "valid_days": 7, "channel": "qr"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    link = SelfAssessmentLink.objects.get()
    start = html.index("/s/") + 3
    raw = html[start : html.index("/", start)]
    assert hash_token(raw) == link.token_hash


def test_create_view_without_phone_shows_the_error(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    response = client.post(url, {"language": "sv", "valid_days": 7, "channel": "sms"})
    assert response.status_code == 200
    assert "inget mobilnummer" in response.content.decode()
    assert not SelfAssessmentLink.objects.exists()


def test_submit_records_a_participant_measurement_once(world):
    link, _raw = make_link(world, language="ar")
    answers = all_answers(link)
    answers["q3"] = None
    measurement = actions.submit_answers(link, answers=answers)
    assert measurement.respondent == Respondent.PARTICIPANT
    assert measurement.source == Source.SELF_LINK
    assert measurement.language == "ar"
    assert measurement.registered_by is None
    assert measurement.answers.filter(value__isnull=True).count() == 1
    link.refresh_from_db()
    assert link.used_at is not None and link.measurement == measurement
    with pytest.raises(actions.LinkUnusable) as caught:
        actions.submit_answers(link, answers=all_answers(link, 7))
    assert caught.value.reason == "used"
    assert Measurement.objects.count() == 1


def test_expired_link_is_refused(world):
    link, _raw = make_link(world, valid_days=1)
    later = timezone.now() + datetime.timedelta(days=2)
    with pytest.raises(actions.LinkUnusable) as caught:
        actions.submit_answers(link, answers=all_answers(link), now=later)
    assert caught.value.reason == "expired"
    assert not Measurement.objects.exists()


def test_participant_page_lists_recent_links(world, login_as):
    make_link(world)
    used, _raw = make_link(world, language="en")
    actions.submit_answers(used, answers=all_answers(used))
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert "Senaste länkarna" in html
    assert "väntar på svar" in html and "besvarad" in html
    assert reverse("selfassessment:create", args=[world.enrollments["anna"].pk]) in html


def test_participant_page_query_count_does_not_grow_with_links(
    world, login_as, django_assert_max_num_queries
):
    from stegvis.progression.selfassessment.participant import self_link_context

    for _ in range(5):
        make_link(world)
    enrollments = list(world.persons["anna"].enrollments.all())
    with django_assert_max_num_queries(4):
        context = self_link_context(world.users["coord_kba"], world.persons["anna"], enrollments)
    assert len(context["self_links"]) == 5


def test_leader_sees_links_but_other_coordinator_sees_none(world):
    from stegvis.core.access import VIEW

    make_link(world)
    assert SelfAssessmentLink.objects.restrict(world.users["leader"], VIEW).count() == 1
    assert SelfAssessmentLink.objects.restrict(world.users["coord_mdl"], VIEW).count() == 0


class BrokenGateway:
    def send(self, to, text):
        from stegvis.core.messaging import SendError

        raise SendError("gateway down")


def test_a_failing_gateway_is_a_message_and_no_link_is_left(world, anna_contact, login_as, settings):
    settings.STEGVIS_SMS_BACKEND = f"{__name__}.BrokenGateway"
    client = login_as(world.users["coord_kba"])
    url = reverse("selfassessment:create", args=[world.enrollments["anna"].pk])
    response = client.post(url, {"language": "sv", "valid_days": 7, "channel": "sms"})
    assert response.status_code == 200
    assert "kunde inte skickas" in response.content.decode()
    assert not SelfAssessmentLink.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()
