"""Changing one's password, and a new one by a time-limited link in e-mail that never tells who exists."""

import re
from unittest import mock

import pytest
from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.testing import PASSWORD

NEW = "grön-cykel-under-bron-17"


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def staff(world):
    """coord_kba with the address an administrator gave the account."""
    user = world.users["coord_kba"]
    user.email = "karin@kungsbacka.se"
    user.save()
    return user


def test_change_own_password(client, staff):
    log_in(client, "coord_kba")
    page = client.get(reverse("account_change_password"))
    assert page.status_code == 200 and "Byt lösenord" in page.content.decode()
    wrong = client.post(
        reverse("account_change_password"), {"oldpassword": "fel", "password1": NEW, "password2": NEW}
    )
    assert wrong.status_code == 200 and "Uppgifterna kunde inte sparas" in wrong.content.decode()
    weak = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "kort", "password2": "kort"},
    )
    assert weak.status_code == 200
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)

    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW}
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    # Still logged in, told by e-mail (in Swedish), and written in the log.
    assert client.get(reverse("home")).status_code == 200
    assert [m.subject for m in mail.outbox] == ["Stegvis: Ditt lösenord har ändrats"]
    assert "Känner du inte igen ändringen?" in mail.outbox[0].body
    entry = AuditEntry.objects.get(object_type="auth.user", object_id=str(staff.pk))
    assert entry.user == staff and entry.detail == "Lösenordet ändrat av användaren."
    client.post(reverse("logout"))
    assert log_in(client, "coord_kba", NEW).status_code == 302


def reset_link(message):
    match = re.search(r"https?://\S+/losenord/glomt/nyckel/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_reset_by_e_mail(client, staff):
    page = client.get(reverse("account_reset_password"))
    assert "Länken fungerar i 60 minuter" in page.content.decode()
    response = client.post(reverse("account_reset_password"), {"email": "Karin@Kungsbacka.se"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["karin@kungsbacka.se"] and message.subject == "Stegvis: Välj nytt lösenord"
    assert "Den fungerar i 60 minuter och bara en gång" in message.body
    assert "Ditt användarnamn är coord_kba" in message.body

    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert "Välj nytt lösenord" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse(
        "account_reset_password_from_key_done"
    )
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    assert "_auth_user_id" not in client.session  # a reset does not log in: the second factor still counts
    assert AuditEntry.objects.filter(
        object_id=str(staff.pk), detail="Lösenordet återställt med länk i e-post."
    ).exists()
    # The link works once.
    again = client.get(link, follow=True)
    assert "Länken fungerar inte" in again.content.decode()
    assert log_in(client, "coord_kba", NEW).status_code == 302


def test_the_link_stops_working_after_the_timeout(client, staff, settings):
    client.post(reverse("account_reset_password"), {"email": staff.email})
    link = reset_link(mail.outbox[0])
    real_now = EmailAwarePasswordResetTokenGenerator._now
    later = settings.PASSWORD_RESET_TIMEOUT + 1
    with mock.patch.object(
        EmailAwarePasswordResetTokenGenerator,
        "_now",
        lambda self: real_now(self) + __import__("datetime").timedelta(seconds=later),
    ):
        response = client.get(link, follow=True)
    assert "Länken fungerar inte" in response.content.decode()


def without_csrf_tokens(response):
    """The page, less the CSRF token (masked anew on every page)."""
    return re.sub(
        r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode()
    )


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, staff):
    known = client.post(reverse("account_reset_password"), {"email": staff.email}, follow=True)
    mail.outbox.clear()
    unknown = client.post(reverse("account_reset_password"), {"email": "ingen@example.se"}, follow=True)
    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.status_code == known.status_code == 200
    assert without_csrf_tokens(unknown) == without_csrf_tokens(known)
    assert mail.outbox == []


def test_an_address_the_account_no_longer_has_gets_no_link(client, staff):
    # allauth's own table may still hold an address the administrator has since replaced.
    EmailAddress.objects.create(user=staff, email="gammal@example.se", verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": "gammal@example.se"})
    assert mail.outbox == []


def test_a_deactivated_account_gets_no_link(client, staff):
    staff.is_active = False
    staff.save()
    client.post(reverse("account_reset_password"), {"email": staff.email})
    assert mail.outbox == []


def test_a_mail_server_that_fails_does_not_tell_who_exists(client, staff, settings):
    settings.EMAIL_BACKEND = "stegvis.accounts.tests.failing_mail.Backend"
    response = client.post(reverse("account_reset_password"), {"email": staff.email})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")


def test_nobody_signs_up(client, db):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("account_signup")
    assert "registrera" not in client.get(reverse("login")).content.decode().lower()
