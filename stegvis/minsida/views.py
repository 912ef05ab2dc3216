"""Min sida: the participant's own pages, and the staff pages that hand out links.

The participant's pages (``Rule.PUBLIC``: participants are not staff accounts) run in the
session's language and answer with :func:`~stegvis.core.headers.private` (no-store, noindex).
Whose data they show comes only from the server-side session (:mod:`stegvis.minsida.session`);
an id in a form (a step, a consent, an enrolment) is looked up among the session's own
enrolments, so another person's id answers 404 like an id that does not exist.

The link itself (``/min-sida/<token>/``) only shows a button: opening Min sida is a POST, so a
mail scanner or a link preview that fetches the address opens nothing, and the POST answers with
a redirect to ``/min-sida/``, an address without the token or anything personal.
"""

import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.audit.log import record_list
from stegvis.casework.actions import mark_step_done_by_participant
from stegvis.casework.models import PlanStep
from stegvis.consent.active import in_force_q
from stegvis.consent.models import Consent
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.client import client_address
from stegvis.core.errors import ActionError, ConflictError
from stegvis.core.headers import private
from stegvis.core.languages import participant_codes, speech_language
from stegvis.core.tokens import hash_token
from stegvis.minsida import actions, eid, page, session, texts
from stegvis.minsida.forms import CreateLinkForm
from stegvis.minsida.models import MinSidaLink, Via, WithdrawalRequest
from stegvis.minsida.participant import open_requests
from stegvis.participants import onetime_links
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.onetime_links import LinkUnusable
from stegvis.progression.instruments.texts import is_rtl
from stegvis.progression.measuring.schedule import annotate_schedule
from stegvis.progression.selfassessment.views import broken_link_messages

# --- What every participant page has -------------------------------------------------------------


def _chrome(request, signed_in):
    """The header's language menu and logout button, in the current language."""
    current = translation.get_language()
    languages = []
    for code, name in settings.PARTICIPANT_LANGUAGES:
        languages.append({"code": code, "name": name, "rtl": is_rtl(code)})
    return {
        "languages": languages,
        "current_language": current,
        "signed_in": signed_in,
        "speech_languages": {code: speech_language(code) for code in participant_codes()},
        "next_path": request.path,
        "idle_minutes": settings.MINSIDA_SESSION_IDLE_MINUTES,
    }


def _render(request, template, context=None, *, signed_in=False, status=200):
    context = {**_chrome(request, signed_in), **(context or {})}
    return private(render(request, template, context, status=status))


def _signed_out(request, status):
    """The page of a browser without a Min sida session: how to get one."""
    return _render(
        request,
        "minsida/signed_out.html",
        {
            "timed_out": getattr(request, "minsida_timed_out", False),
            "eid": eid.available(),
        },
        status=status,
    )


def participant_page(view=None, *, anonymous=False):
    """A participant page: the session's language, private headers, 403 without a session.

    With ``anonymous`` the view also runs without a session (it gets ``None``).
    """
    if view is None:
        return functools.partial(participant_page, anonymous=anonymous)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        current = session.current(request)
        language = current.language if current else session.language_of(request)
        with translation.override(language):
            if current is None and not anonymous:
                return _signed_out(request, status=403)
            return private(view(request, current, *args, **kwargs))

    wrapper.access_rule = Rule.PUBLIC
    return wrapper


# --- The participant: opening, the page, logging out ---------------------------------------------


@access_rule(Rule.PUBLIC)
@require_http_methods(["GET", "POST"])
def landing(request, token):
    """The link: a button that opens Min sida (POST), then a redirect to the token-free page."""
    link = None
    if len(token) <= 64:
        link = (
            MinSidaLink.objects.filter(token_hash=hash_token(token))
            .select_related("enrollment__person")
            .first()
        )
    if link is None:
        with translation.override(session.language_of(request)):
            return _render(request, "minsida/unknown.html", {"blocks": broken_link_messages()}, status=404)
    language = (
        session.language_of(request, link.language)
        if request.session.get(session.LANGUAGE_KEY)
        else link.language
    )
    with translation.override(language):
        try:
            if request.method == "POST":
                link = actions.open_with_link(link, ip=client_address(request))
            else:
                actions.check_usable(link)
        except LinkUnusable as gone:
            response = _render(request, "minsida/gone.html", status=410)
            response["X-Stegvis-Link"] = gone.reason
            return response
        if request.method == "POST":
            session.start(
                request,
                person=link.enrollment.person,
                enrollment_ids=[link.enrollment_id],
                via=Via.LINK,
                link=link,
                language=language,
            )
            return private(redirect("minsida:home"))
        return _render(request, "minsida/landing.html")


@participant_page(anonymous=True)
@require_http_methods(["GET"])
def home(request, current):
    """The participant's page, or, without a session, how to open it."""
    if current is None:
        return _signed_out(request, status=200)
    context = page.build(current)
    actions.record_page_view(current.person, current.enrollment_ids, "Min sida")
    return _render(request, "minsida/home.html", context, signed_in=True)


@participant_page(anonymous=True)
@require_http_methods(["GET", "POST"])
def logout(request, current):
    """Ends the session (POST); a GET asks first. Without a session: the signed-out page."""
    if current is None:
        return _signed_out(request, status=200)
    if request.method == "POST":
        session.end(request)
        return redirect("minsida:signed_out")
    return _render(request, "minsida/logout.html", signed_in=True)


@participant_page(anonymous=True)
@require_http_methods(["GET"])
def signed_out(request, current):
    """After "Logga ut": says it worked, in the language the participant used."""
    if current is not None:
        return redirect("minsida:home")
    return _render(request, "minsida/signed_out.html", {"logged_out": True, "eid": eid.available()})


@participant_page(anonymous=True)
@require_http_methods(["GET", "POST"])
def language(request, current):
    """Choose the language (POST, then back to the page it came from); a GET shows the choice."""
    if request.method == "POST":
        session.set_language(request, request.POST.get("language", ""))
        target = request.POST.get("next", "")
        if not (
            target.startswith("/min-sida/")
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        ):
            target = reverse("minsida:home")
        return redirect(target)
    return _render(request, "minsida/language.html", signed_in=current is not None)


# --- The participant's own actions ----------------------------------------------------------------


def _own_enrollment(current, value):
    """An enrolment of the session by the id a form sent, else 404."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if pk not in current.enrollment_ids:
        raise Http404
    return get_object_or_404(current.enrollments().select_related("person", "project"), pk=pk)


@participant_page
@require_POST
def step_done(request, current):
    """Mark one of the participant's own open steps done (only steps of the session's enrolments)."""
    try:
        step_id = int(request.POST.get("step", ""))
    except ValueError:
        raise Http404 from None
    step = get_object_or_404(PlanStep, pk=step_id, goal__enrollment_id__in=current.enrollment_ids)
    try:
        mark_step_done_by_participant(step, version=request.POST.get("version", ""))
    except ConflictError:
        messages.error(request, _("Planen har ändrats sedan du öppnade sidan. Titta på den igen."))
    except ActionError:  # not the participant's own step, or no longer open
        messages.error(
            request, _("Det här steget kan du inte markera som klart här. Prata med din koordinator.")
        )
    else:
        messages.success(request, _("Bra! Nu står det att du har gjort det."))
    return redirect(reverse("minsida:home") + "#plan")


def _messages_of(error: ValidationError):
    if hasattr(error, "error_dict"):
        return [m for errors in error.message_dict.values() for m in errors]
    return error.messages


def _own_consent(current, pk):
    """A consent in force of the session's enrolments, else 404."""
    in_force = Consent.objects.filter(
        in_force_q(datetime.date.today()), enrollment_id__in=current.enrollment_ids
    )
    return get_object_or_404(in_force.select_related("actor_organization", "enrollment"), pk=pk)


@participant_page
@require_http_methods(["GET", "POST"])
def withdraw(request, current, pk):
    """Ask to withdraw one consent in force: a confirmation page, then a request staff see."""
    consent = _own_consent(current, pk)
    if request.method == "POST":
        try:
            _request, created = actions.request_withdrawal(consent, via=current.via)
        except ActionError as error:
            messages.error(request, " ".join(str(m) for m in _messages_of(error)))
        else:
            if created:
                messages.success(
                    request, _("Vi har skickat det till din koordinator. Din koordinator kontaktar dig.")
                )
            else:
                messages.info(request, _("Du har redan bett om det. Din koordinator kontaktar dig."))
        return redirect(reverse("minsida:home") + "#samtycken")
    row = page.consent_row(consent)
    return _render(request, "minsida/withdraw.html", {"row": row}, signed_in=True)


@participant_page
@require_POST
def self_assessment(request, current):
    """Answer the self-assessment now, when one is due: a new link, and straight into it."""
    enrollment = _own_enrollment(current, request.POST.get("enrollment"))
    scheduled = annotate_schedule(current.enrollments().filter(pk=enrollment.pk))
    if not scheduled or not scheduled[0].due_now:
        messages.info(request, _("Du behöver inte svara på frågorna just nu."))
        return redirect("minsida:home")
    try:
        _link, raw = actions.start_self_assessment(enrollment, language=current.language)
    except ActionError as error:
        messages.error(request, " ".join(str(m) for m in _messages_of(error)))
        return redirect("minsida:home")
    return redirect("selfassessment:start", token=raw)


# --- E-legitimation ------------------------------------------------------------------------------


@participant_page(anonymous=True)
@require_POST
def eid_start(request, current):
    """The e-legitimation button: off to the broker (404 where it is not in use)."""
    if not eid.available():
        raise Http404
    return eid.redirect_to_broker(request)


@participant_page(anonymous=True)
@require_http_methods(["GET"])
def eid_callback(request, current):
    """Back from the broker: the participant's session, or a page that says what to do."""
    eid_settings = eid.configured()
    if eid_settings is None:
        raise Http404
    ip = client_address(request)
    try:
        claims = eid.claims_from_callback(request)
        person, enrollment_ids = eid.match(claims, eid_settings.claim)
    except eid.Refused as refused:
        actions.record_eid_refusal(refused.reason, person=refused.person, ip=ip)
        cancelled = refused.reason == eid.CANCELLED
        return _render(request, "minsida/eid_refused.html", {"cancelled": cancelled}, status=403)
    language = session.language_of(request, person.language)
    session.start(request, person=person, enrollment_ids=enrollment_ids, via=Via.EID, language=language)
    actions.record_eid_login(person, enrollment_ids, ip=ip)
    return redirect("minsida:home")


# --- Staff ---------------------------------------------------------------------------------------

HAND_OUT = onetime_links.HandOut(
    heading=gettext_lazy("Länken till Min sida är skapad"),
    qr_title=gettext_lazy("QR-kod med länken till Min sida"),
    qr_caption=gettext_lazy("QR-kod med länken till Min sida. Samma länk finns som text nedanför."),
    sent_by_sms=gettext_lazy("Länken till Min sida är skickad som SMS till deltagarens mobil."),
    sent_by_email=gettext_lazy("Länken till Min sida är skickad med e-post till deltagaren."),
    url_field_id="minsida-url",
    select_on_focus=True,
    intro=gettext_lazy(
        "Låt deltagaren skanna QR-koden med mobilens kamera. Språk: %(language)s. Länken öppnar "
        "Min sida så många gånger som behövs till %(expires)s."
    ),
)


def landing_url(request, raw):
    return request.build_absolute_uri(reverse("minsida:landing", args=[raw]))


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def create_link(request, pk):
    """Make a link to Min sida for one enrolment; show it as a QR code or send it."""
    return onetime_links.create_link_page(
        request,
        enrollment_or_404(request.user, pk, CHANGE),
        form_class=CreateLinkForm,
        create_link=actions.create_link,
        send_link=actions.send_link,
        url_for=landing_url,
        back_fragment="#minsida",
        hand_out=HAND_OUT,
        template="minsida/create.html",
    )


@access_rule(Rule.PERSONAL_DATA)
@require_POST
def revoke_link(request, pk):
    link = get_restricted_or_404(MinSidaLink.objects.select_related("enrollment"), request.user, VIEW, pk=pk)
    try:
        actions.revoke_link(request.user, link)
    except ActionError:
        raise Http404 from None
    messages.success(request, _("Länken är spärrad. Den öppnar inte Min sida längre."))
    return redirect(reverse("participants:detail", args=[link.enrollment.person_id]) + "#minsida")


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET"])
def requests(request):
    """Participants' requests to withdraw a consent that wait for an answer (audited as a list)."""
    rows = list(open_requests(request.user, None).select_related("consent__enrollment__person"))
    record_list(
        request.user,
        "minsida.withdrawalrequest",
        detail="Min sida: begäran om att återkalla samtycke",
        params=request.GET,
        shown=len(rows),
        persons=[row.consent.enrollment.person for row in rows],
        person_detail=_("Begäran om att återkalla samtycke"),
    )
    return render(request, "minsida/requests.html", {"rows": rows, "kinds": texts.CONSENT_SENTENCES})


@access_rule(Rule.PERSONAL_DATA)
@require_POST
def request_handled(request, pk):
    row = get_restricted_or_404(
        WithdrawalRequest.objects.select_related("consent__enrollment"), request.user, VIEW, pk=pk
    )
    try:
        actions.mark_request_handled(request.user, row)
    except ActionError:
        raise Http404 from None
    messages.success(request, _("Begäran är markerad som hanterad."))
    target = request.POST.get("next", "")
    if target != "lista":
        return redirect(reverse("participants:detail", args=[row.consent.enrollment.person_id]) + "#minsida")
    return redirect("minsida:requests")
