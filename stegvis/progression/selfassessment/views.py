"""Self-assessment: the coordinator's link page and the participant's own pages.

The participant's pages (``/s/<token>/...``) need no login: the token is the key, and the
pages show nothing but the questions of that one link, in the link's language, one question
per screen. The flow works as plain forms without JavaScript. Each answer is kept on the link
as soon as it is given (:func:`.actions.save_answer`), so "back" and "change" are ordinary links,
and a participant who closes the tab, loses the connection or leaves the phone opens the same
link again and goes on where they were.

Unknown tokens give 404 and used or expired links 410, each with a short page saying to contact
the coordinator. Telling them apart reveals nothing useful: tokens are 24 random bytes and are
never guessed (see :mod:`.tokens`).
"""

import datetime
import functools
import math

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.core.access import CHANGE, Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.core.headers import private as _private  # the token is in the address
from stegvis.core.languages import participant_choices, speech_language
from stegvis.core.tokens import hash_token
from stegvis.participants import onetime_links
from stegvis.participants.access import enrollment_or_404
from stegvis.progression.instruments.scale import scale_steps, step_words
from stegvis.progression.instruments.texts import load_texts
from stegvis.progression.models import SelfAssessmentLink
from stegvis.progression.selfassessment import actions
from stegvis.progression.selfassessment.forms import DONT_KNOW, AnswerForm, CreateLinkForm

# --- Staff: create and hand out a link -----------------------------------------------------------

HAND_OUT = onetime_links.HandOut(
    heading=gettext_lazy("Länken är skapad"),
    qr_title=gettext_lazy("QR-kod med länken till frågorna"),
    qr_caption=gettext_lazy("QR-kod med länken till frågorna. Samma länk finns som text nedanför."),
    sent_by_sms=gettext_lazy("Länken är skickad som SMS till deltagarens mobil."),
    sent_by_email=gettext_lazy("Länken är skickad med e-post till deltagaren."),
    url_field_id="self-link-url",
    select_on_focus=True,
)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def create_link(request, pk):
    """Make a link for one enrolment and show it as a QR code or send it by SMS / e-mail."""
    return onetime_links.create_link_page(
        request,
        enrollment_or_404(request.user, pk, CHANGE),
        form_class=CreateLinkForm,
        create_link=actions.create_link,
        send_link=actions.send_link,
        url_for=lambda request, raw: request.build_absolute_uri(reverse("selfassessment:start", args=[raw])),
        back_fragment="#self-link",
        hand_out=HAND_OUT,
        template="progression/selfassessment/create.html",
    )


# --- The participant's pages ---------------------------------------------------------------------


def _sent_key(link):
    return f"selfassessment:{link.pk}:sent"


def _neutral(request, template, status, link=None):
    response = render(request, template, {"link": link, "languages": broken_link_messages()}, status=status)
    return _private(response)


def broken_link_messages():
    """For the unknown-link page: the same short message in every participant language."""
    blocks = []
    for code, name in participant_choices():
        with translation.override(code):
            blocks.append(
                {
                    "code": code,
                    "name": name,
                    "rtl": translation.get_language_bidi(),
                    "heading": _("Länken fungerar inte"),
                    "text": _("Kontakta den som gav dig länken, så får du en ny."),
                }
            )
    return blocks


def participant_page(view=None, *, after_sending=False):
    """Find the link by its token, refuse unknown/used/expired ones, and speak the link's language.

    ``after_sending`` lets the browser that sent the answers still see its thank-you page. An
    expired link found with answers still kept on it has them removed.
    """
    if view is None:
        return functools.partial(participant_page, after_sending=after_sending)

    @functools.wraps(view)
    def wrapper(request, token, **kwargs):
        link = None
        if len(token) <= 64:
            link = (
                SelfAssessmentLink.objects.filter(token_hash=hash_token(token))
                .select_related("instrument")
                .first()
            )
        if link is None:
            return _neutral(request, "progression/selfassessment/unknown.html", 404)
        with translation.override(link.language):
            if not (after_sending and request.session.get(_sent_key(link))):
                try:
                    actions.check_usable(link)
                except actions.LinkUnusable as gone:
                    if link.draft_saved_at is not None:
                        actions.clear_draft(link)
                    response = _neutral(request, "progression/selfassessment/gone.html", 410, link)
                    response.reason_phrase = "Gone"
                    response["X-Stegvis-Link"] = gone.reason
                    return response
            return _private(view(request, link, token, **kwargs))

    wrapper.access_rule = Rule.PUBLIC
    return wrapper


def _label(text_lang):
    text, lang = text_lang
    return {"text": text, "lang": lang}


def _items(link):
    return list(link.instrument.items.order_by("position"))


def _common(link, items):
    return {
        "link": link,
        "total": len(items),
        "speech_lang": speech_language(translation.get_language()),
        "allow_dont_know": link.instrument.allow_dont_know,
    }


def first_unanswered(items, answers):
    """The number (1…) of the first question without a kept answer, or ``None`` when all have one."""
    return next((number for number, item in enumerate(items, start=1) if item.code not in answers), None)


def _continue_url(token, items, answers):
    step = first_unanswered(items, answers)
    if step is None:
        return reverse("selfassessment:review", args=[token])
    return reverse("selfassessment:question", args=[token, step])


@participant_page
@require_http_methods(["GET"])
def start(request, link, token):
    items = _items(link)
    texts = load_texts(link.instrument, link.language)
    answers = link.draft_answers
    return render(
        request,
        "progression/selfassessment/start.html",
        {
            **_common(link, items),
            "description": _label(texts.get_with_language(link.instrument, "description")),
            "minutes": max(2, math.ceil(len(items) / 2)),
            "needs_review": texts.needs_review,
            "first_url": reverse("selfassessment:question", args=[token, 1]),
            "answered_count": sum(1 for item in items if item.code in answers),
            "continue_url": _continue_url(token, items, answers) if answers else "",
            "answered_today": (
                _answered_today_context(link, saved=bool(answers)) if actions.answered_today(link) else None
            ),
        },
    )


def _answer_label(item, value, texts):
    if value is None:
        return _("Vet inte / vill inte svara")
    step = step_words(item, value, texts)
    return f"{value} – {step.words}" if step else str(value)


@participant_page
@require_http_methods(["GET", "POST"])
def question(request, link, token, step):
    items = _items(link)
    if not 1 <= step <= len(items):
        return _neutral(request, "progression/selfassessment/unknown.html", 404)
    item = items[step - 1]
    texts = load_texts(link.instrument, link.language)
    steps = scale_steps(item, texts)
    choices = [(str(s.value), s.words) for s in steps]
    if link.instrument.allow_dont_know:
        choices.append((DONT_KNOW, _("Vet inte / vill inte svara")))
    answers = link.draft_answers
    returning = request.GET.get("fran") == "kontroll" or request.POST.get("fran") == "kontroll"
    if request.method == "POST":
        form = AnswerForm(request.POST, choices=choices)
        if form.is_valid():
            value = form.cleaned_data["answer"]
            try:
                actions.save_answer(
                    link, item_code=item.code, value=None if value == DONT_KNOW else int(value)
                )
            except actions.LinkUnusable:
                return redirect("selfassessment:start", token=token)  # shows the 410 page
            except ActionError as failure:
                form.add_error("answer", failure.messages[0])
            else:
                if returning or step == len(items):
                    return redirect("selfassessment:review", token=token)
                return redirect("selfassessment:question", token=token, step=step + 1)
    else:
        initial = {}
        if item.code in answers:
            initial["answer"] = DONT_KNOW if answers[item.code] is None else str(answers[item.code])
        form = AnswerForm(initial=initial, choices=choices)
    back_url = (
        reverse("selfassessment:review", args=[token])
        if returning
        else reverse("selfassessment:question", args=[token, step - 1])
        if step > 1
        else reverse("selfassessment:start", args=[token])
    )
    chosen = form["answer"].value()
    return render(
        request,
        "progression/selfassessment/question.html",
        {
            **_common(link, items),
            "form": form,
            "item": item,
            "step": step,
            "steps": steps,
            "rows": math.ceil(len(steps) / 2),  # the options stand in two columns, low half first
            "chosen": str(chosen) if chosen is not None else "",
            "question": _label(texts.get_with_language(item, "text")),
            "help": _label(texts.get_with_language(item, "help_text")) if item.help_text else None,
            "dont_know": DONT_KNOW,
            "back_url": back_url,
            "returning": returning,
            "is_last": step == len(items),
        },
    )


def _send(request, link, token, items, answers):
    """Send the kept answers: ``(redirect, None)`` when sent or gone, else ``(None, what went wrong)``.

    What went wrong is a message, or :data:`ANSWERED_TODAY` for the page's own explanation.
    """
    try:
        actions.submit_answers(link, answers={item.code: answers.get(item.code) for item in items})
    except actions.LinkUnusable:
        return redirect("selfassessment:start", token=token), None  # shows the 410 page
    except actions.AlreadyAnsweredToday:
        return None, ANSWERED_TODAY
    except ActionError as failure:
        if hasattr(failure, "error_dict") and "answers" in failure.error_dict:
            return None, _("Svara med en siffra på minst en fråga innan du skickar.")
        return None, _("Svaren kunde inte sparas. Kontakta den som gav dig länken.")
    request.session[_sent_key(link)] = True
    return redirect("selfassessment:thanks", token=token), None


ANSWERED_TODAY = "answered_today"


def _answered_today_context(link, *, saved):
    """What the explanation of a refused second card on one day says: why, and what to do now.

    "Try again tomorrow" only while the link is still valid tomorrow; else "ask for a new link".
    """
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {"saved": saved, "valid_tomorrow": timezone.localdate(link.expires_at) >= tomorrow}


@participant_page
@require_http_methods(["GET", "POST"])
def review(request, link, token):
    items = _items(link)
    texts = load_texts(link.instrument, link.language)
    answers = link.draft_answers
    missing = [item for item in items if item.code not in answers]
    error = answered_today = None
    if request.method == "POST":
        if missing and not link.instrument.allow_dont_know:
            error = _("Svara på alla frågor innan du skickar.")
        else:
            response, error = _send(request, link, token, items, answers)
            if response is not None:
                return response
            if error == ANSWERED_TODAY:
                error, answered_today = None, _answered_today_context(link, saved=bool(answers))
    rows = [
        {
            "step": number,
            "question": _label(texts.get_with_language(item, "text")),
            "answered": item.code in answers,
            "answer": _answer_label(item, answers.get(item.code), texts) if item.code in answers else "",
            "url": reverse("selfassessment:question", args=[token, number]) + "?fran=kontroll",
        }
        for number, item in enumerate(items, start=1)
    ]
    return render(
        request,
        "progression/selfassessment/review.html",
        {
            **_common(link, items),
            "rows": rows,
            "missing": len(missing),
            "error": error,
            "answered_today": answered_today,
            "back_url": reverse("selfassessment:question", args=[token, len(items)]),
        },
    )


@participant_page(after_sending=True)
@require_http_methods(["GET"])
def thanks(request, link, token):
    if not request.session.get(_sent_key(link)):
        return redirect("selfassessment:start", token=token)
    return render(request, "progression/selfassessment/thanks.html", {"link": link})
