"""One-time links a participant opens on their own phone (self-assessment, surveys).

Apps that hand out such links share everything but their model and their wording: the three
ways a link reaches the participant (QR code on the coordinator's screen, SMS, e-mail), the
checks on the coordinator's form, the refusal of used or expired links, sending by channel, and
the staff pages that make a link and show its QR code once. Keeping that here means a fix to
one (say, a new check on phone numbers) reaches every kind of link.

The tokens themselves are made and hashed by :mod:`stegvis.core.tokens`.
Each app keeps its own texts (the message to the participant is translated in the participant
languages) and passes its staff wording in, so no msgid changes when an app uses this module.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.audit.log import AuditAction, record
from stegvis.core import messaging
from stegvis.core.access import CHANGE, acting_user, may
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.core.headers import private
from stegvis.core.languages import participant_codes, staff_choices, staff_name
from stegvis.core.models import OneTimeLink
from stegvis.core.qr import qr_svg
from stegvis.core.tokens import new_token
from stegvis.core.views_helpers import apply_action_error

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor
    from stegvis.participants.models import Enrollment, Person

QR, SMS, EMAIL = "qr", "sms", "email"
CHANNELS = (QR, SMS, EMAIL)


LinkT = TypeVar("LinkT", bound=OneTimeLink)


class LinkUnusable(ActionError):
    """The link was used or has expired; the participant sees a page telling them whom to ask."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(_("Länken går inte att använda längre."), code=reason)


def participant_language_codes() -> list[str]:
    return participant_codes()


def check_usable(*, used: bool, expires_at: datetime.datetime, now: datetime.datetime | None = None) -> None:
    """Raise :class:`LinkUnusable` for a used (``used`` true) or expired link."""
    now = now or timezone.now()
    if used:
        raise LinkUnusable("used")
    if expires_at <= now:
        raise LinkUnusable("expired")


def describe(links: "list[LinkT]", now: datetime.datetime | None = None) -> "list[LinkT]":
    """Name each link's language and channel and say whether it expired, for the staff's tables.

    Sets ``language_name``, ``channel_name`` and ``is_expired`` on each link; returns the links.
    """
    now = now or timezone.now()
    channels = {QR: _("QR-kod"), SMS: _("SMS"), EMAIL: _("E-post")}
    for link in links:
        link.language_name = staff_name(link.language)  # type: ignore[attr-defined]
        link.channel_name = channels.get(link.channel, link.channel)  # type: ignore[attr-defined]
        link.is_expired = link.expires_at <= now  # type: ignore[attr-defined]
    return links


def contact_errors(channel: str, person: "Person") -> "dict[str, list[StrOrPromise]]":
    """The form error when ``channel`` needs a mobile number or e-mail address the person lacks."""
    if channel == SMS and not messaging.is_phone_number(person.phone):
        return {"channel": [_("Deltagaren har inget mobilnummer registrerat.")]}
    if channel == EMAIL and not person.email:
        return {"channel": [_("Deltagaren har ingen e-postadress registrerad.")]}
    return {}


def validate_request(
    person: "Person",
    *,
    language: str,
    valid_days: object,
    channel: str,
    max_valid_days: int,
    language_error: "StrOrPromise",
    valid_days_error: "StrOrPromise",
) -> "tuple[int, dict[str, list[StrOrPromise]]]":
    """Check the coordinator's choices; returns ``(valid_days as int, errors keyed by field)``.

    ``language_error`` and ``valid_days_error`` are the app's own (already translated) messages.
    """
    errors: dict[str, list[StrOrPromise]] = {}
    if language not in participant_language_codes():
        errors["language"] = [language_error]
    try:
        days = int(valid_days)  # type: ignore[call-overload]  # whatever the form or file gave
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= max_valid_days:
        errors["valid_days"] = [valid_days_error]
    if channel not in CHANNELS:
        errors["channel"] = [_("Välj hur länken ska lämnas.")]
    errors.update(contact_errors(channel, person))
    return days, errors


def create(
    user: "Actor",
    model: type[LinkT],
    *,
    person: "Person",
    days: int,
    now: datetime.datetime,
    audited: dict[str, Any],
    **fields: Any,
) -> tuple[LinkT, str]:
    """Store a new link valid for ``days`` and audit it; returns the link and its raw token.

    Only the token's hash is stored (see :mod:`stegvis.core.tokens`); the raw token goes into
    the QR code or message once. ``audited`` names what the entry records besides the expiry
    (the link's settings, never the token).
    """
    raw, token_hash = new_token()
    link = model(
        token_hash=token_hash,
        created_by=acting_user(user),
        expires_at=now + datetime.timedelta(days=days),
        **fields,
    )
    link.save()
    changes = {name: [None, value] for name, value in audited.items()}
    changes["expires_at"] = [None, link.expires_at.isoformat()]
    record(user, AuditAction.CREATE, link, person=person, changes=changes)
    return link, raw


@dataclass(frozen=True)
class Message:
    """An app's SMS / e-mail with a link: no names, nothing but the link.

    ``subject`` and ``text`` are lazy translations (``text`` with ``%(date)s`` and ``%(url)s``),
    so the app's catalogue keeps them and they are rendered in the link's language; ``kind`` is
    what the message log calls them.
    """

    subject: "StrOrPromise"
    text: "StrOrPromise"
    kind: str

    def render(self, link: OneTimeLink, url: str) -> tuple[str, str]:
        """``(subject, text)`` in the link's language, with its last day and address filled in."""
        with translation.override(link.language):
            date = timezone.localtime(link.expires_at).strftime("%Y-%m-%d")
            return str(self.subject), str(self.text) % {"date": date, "url": url}


def send(user: "Actor", link: LinkT, person: "Person", url: str, message: Message) -> LinkT:
    """Send ``message`` with ``url`` by the link's channel to the person's phone or e-mail, and audit it.

    Raises :class:`ActionError` on the ``channel`` field for a QR link, a missing number or
    address, or a failed send; the caller's transaction then rolls back whatever it wrote.
    """
    if link.channel not in (SMS, EMAIL):
        raise ActionError({"channel": [_("Länken visas som QR-kod och skickas inte.")]})
    errors = contact_errors(link.channel, person)
    if errors:
        raise ActionError(errors)
    subject, text = message.render(link, url)
    try:
        if link.channel == SMS:
            messaging.send_sms(person.phone, text, kind=message.kind, person=person)
        else:
            messaging.send_email(person.email, subject, text, kind=message.kind, person=person)
    except messaging.SendError:
        raise ActionError(
            {"channel": [_("Meddelandet kunde inte skickas. Försök igen eller visa QR-koden i stället.")]}
        ) from None
    record(user, AuditAction.EXPORT, link, person=person, detail="sms" if link.channel == SMS else "e-post")
    return link


@transaction.atomic
def send_link(
    user: "Actor", link: LinkT, url: str, message: Message, *, worker_may_send: bool = False
) -> LinkT:
    """Send an enrolment's link (see :func:`send`) if ``user`` may change the enrolment.

    ``user`` is ``None`` when the background worker sends; ``worker_may_send`` says whether the
    app sends its links that way (surveys do, after an exit; self-assessment links never are).
    """
    # Each app's link model declares its own enrolment key (their related names differ).
    enrollment: Enrollment = link.enrollment  # type: ignore[attr-defined]
    if not (user is None and worker_may_send) and not may(user, CHANGE, enrollment):
        raise NotAllowed()
    return send(user, link, enrollment.person, url, message)


# --- The coordinator's form and pages ------------------------------------------------------------


class CreateLinkForm(forms.Form):
    """Language, days valid and channel of a new link; subclasses set the class attributes below.

    Given the ``person``, the form starts in their language and says up front which channels
    cannot work, instead of failing after submit.
    """

    channel_label: "StrOrPromise | None" = None
    max_valid_days: int | None = None
    default_valid_days: int | None = None
    valid_days_errors: "dict[str, StrOrPromise] | None" = None

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff choose the participant's language by its Swedish name (see stegvis.core.languages).
        self.fields["language"] = forms.ChoiceField(label=gettext_lazy("Språk"), choices=staff_choices())
        self.fields["valid_days"] = forms.IntegerField(
            label=gettext_lazy("Giltig i antal dagar"),
            min_value=1,
            max_value=self.max_valid_days,
            initial=self.default_valid_days,
            error_messages=self.valid_days_errors,
        )
        self.fields["channel"] = forms.ChoiceField(
            label=self.channel_label,
            widget=forms.RadioSelect,
            initial=QR,
            choices=[
                (QR, gettext_lazy("Visa QR-kod här")),
                (SMS, gettext_lazy("SMS till deltagarens mobil")),
                (EMAIL, gettext_lazy("E-post till deltagaren")),
            ],
        )
        if person is None:
            return
        if person.language in participant_language_codes():
            self.fields["language"].initial = person.language
        choices = []
        for value, label in self.fields["channel"].choices:
            if value == SMS and not messaging.is_phone_number(person.phone):
                label = gettext_lazy("%(label)s (inget mobilnummer registrerat)") % {"label": label}
            elif value == EMAIL and not person.email:
                label = gettext_lazy("%(label)s (ingen e-post registrerad)") % {"label": label}
            choices.append((value, label))
        self.fields["channel"].choices = choices


@dataclass(frozen=True)
class HandOut:
    """An app's wording of the page that shows a new link, and of the notice after sending one.

    ``url_field_id`` is the id of the copyable address field; ``select_on_focus`` selects its
    text when it gets focus; ``private_page`` sends the page with :func:`~stegvis.core.headers.private`.
    ``intro`` replaces the page's first paragraph (with ``%(language)s`` and ``%(expires)s``) for
    a link that is not answered once.
    """

    heading: "StrOrPromise"
    qr_title: "StrOrPromise"
    qr_caption: "StrOrPromise"
    sent_by_sms: "StrOrPromise"
    sent_by_email: "StrOrPromise"
    url_field_id: str
    select_on_focus: bool = False
    private_page: bool = True
    intro: "StrOrPromise | None" = None


def create_link_page(
    request,
    enrollment,
    *,
    form_class,
    create_link,
    send_link,
    url_for,
    back_fragment,
    hand_out,
    template,
    form_context=None,
):
    """The coordinator's page that makes a link for ``enrollment``, then sends it or shows its QR code once.

    The caller fetches the enrolment with the rule of the app that owns enrolments, for ``CHANGE``
    (:func:`stegvis.participants.access.enrollment_or_404`), so core needs no domain model here.

    ``create_link``/``send_link`` are the app's actions, ``url_for(request, raw)`` the participant's
    address; the participant page's section ``back_fragment`` is where the coordinator returns.
    ``template`` shows the form (with ``cancel_url`` and whatever ``form_context(enrollment)`` adds).
    The raw token exists only in this response (or the message sent); a new link is made if needed.
    """
    person = enrollment.person
    form = form_class(request.POST or None, person=person)
    back_url = reverse("participants:detail", args=[person.pk]) + back_fragment
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                link, raw = create_link(
                    request.user,
                    enrollment,
                    language=data["language"],
                    valid_days=data["valid_days"],
                    channel=data["channel"],
                )
                url = url_for(request, raw)
                if link.channel != QR:
                    send_link(request.user, link, url)
        except ActionError as error:
            apply_action_error(form, error)
        else:
            return _handed_out(request, enrollment, link, url, back_url, hand_out)
    context = {"enrollment": enrollment, "person": person, "form": form, "cancel_url": back_url}
    if form_context is not None:
        context.update(form_context(enrollment))
    return render(request, template, context)


def _handed_out(request, enrollment, link, url, back_url, hand_out):
    """The QR page of a new link, or back to the participant with a notice that it was sent."""
    if link.channel == QR:
        language_name = staff_name(link.language)
        intro = None
        if hand_out.intro is not None:
            expires = timezone.localtime(link.expires_at).strftime("%Y-%m-%d %H:%M")
            intro = str(hand_out.intro) % {"language": language_name, "expires": expires}
        response = render(
            request,
            "participants/onetime_links/created.html",
            {
                "enrollment": enrollment,
                "person": enrollment.person,
                "link": link,
                "url": url,
                "qr": qr_svg(url, title=str(hand_out.qr_title)),
                "language_name": language_name,
                "intro": intro,
                "back_url": back_url,
                "hand_out": hand_out,
            },
        )
        return private(response) if hand_out.private_page else response
    messages.success(request, hand_out.sent_by_sms if link.channel == SMS else hand_out.sent_by_email)
    return redirect(back_url)
