"""Self-assessment: the coordinator's link page and the participant's own pages.

The participant's pages (``/s/<token>/...``) need no login: the token is the key, and the
pages show nothing but the questions of that one link, in the link's language, one question
per screen. The flow works as plain forms without JavaScript; answers wait in the session
until the participant sends them from the summary, so "back" and "change" are ordinary links.

Unknown tokens give 404 and used or expired links 410, each with a short page saying to contact
the coordinator. Telling them apart reveals nothing useful: tokens are 24 random bytes and are
never guessed (see :mod:`.tokens`).
"""

import functools
import math

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.core.access import CHANGE, Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.core.headers import private as _private  # the token is in the address
from stegvis.core.tokens import hash_token
from stegvis.participants import onetime_links
from stegvis.participants.access import enrollment_or_404
from stegvis.progression.instruments.texts import SOURCE_LANGUAGE, load_texts
from stegvis.progression.models import SelfAssessmentLink
from stegvis.progression.selfassessment import actions
from stegvis.progression.selfassessment.forms import DONT_KNOW, AnswerForm, CreateLinkForm

# The language tag a browser's speech synthesis understands best for each participant language.
SPEECH_LANGUAGES = {
    "sv": "sv-SE",
    "en": "en-GB",
    "ar": "ar",
    "prs": "fa-AF",
    "so": "so-SO",
    "ti": "ti-ER",
    "sw": "sw-KE",
}


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


def _answers_key(link):
    return f"selfassessment:{link.pk}:answers"


def _sent_key(link):
    return f"selfassessment:{link.pk}:sent"


def _neutral(request, template, status, link=None):
    response = render(request, template, {"link": link, "languages": broken_link_messages()}, status=status)
    return _private(response)


def broken_link_messages():
    """For the unknown-link page: the same short message in every participant language."""
    blocks = []
    for code, name in settings.PARTICIPANT_LANGUAGES:
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

    ``after_sending`` lets the browser that sent the answers still see its thank-you page.
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
                    response = _neutral(request, "progression/selfassessment/gone.html", 410, link)
                    response.reason_phrase = "Gone"
                    response["X-Stegvis-Link"] = gone.reason
                    return response
            return _private(view(request, link, token, **kwargs))

    wrapper.access_rule = Rule.PUBLIC
    return wrapper


class Texts:
    """The card's texts in the link's language (engineer A's :func:`load_texts`, one query).

    ``get`` also says which language a text is in: a missing translation falls back to the
    Swedish text, and the page marks it ``lang="sv"`` so screen readers pronounce it right.
    """

    def __init__(self, instrument, language):
        self.instrument = instrument
        self.language = language
        self.texts = load_texts(instrument, language)

    def get(self, obj, field):
        """``(text, lang)`` of one field of the instrument or an item."""
        if self.texts.is_translated(obj, field):
            return self.texts.get(obj, field), self.language
        return getattr(obj, field), SOURCE_LANGUAGE


def _label(text_lang):
    text, lang = text_lang
    return {"text": text, "lang": lang}


def scale_steps(item, texts):
    """Every step of the item's scale with words, so no number stands alone.

    The ends and the middle carry the item's own labels; a step in between is described by the
    label it is nearest ("Nästan: …"), or as lying between two labels when it is equally near.
    """
    low, high = item.scale_min, item.scale_max
    mid = (low + high) // 2 if item.mid_label else None
    anchors = [(low, texts.get(item, "low_label"))]
    if mid is not None and low < mid < high:
        anchors.append((mid, texts.get(item, "mid_label")))
    anchors.append((high, texts.get(item, "high_label")))
    by_value = dict(anchors)
    steps = []
    for value in range(low, high + 1):
        if value in by_value:
            text, lang = by_value[value]
            steps.append({"value": value, "words": text, "lang": lang, "anchor": True})
            continue
        before = max((a for a in anchors if a[0] < value), key=lambda a: a[0])
        after = min((a for a in anchors if a[0] > value), key=lambda a: a[0])
        if value - before[0] < after[0] - value:
            words, lang = _("Nästan: %(label)s") % {"label": before[1][0]}, before[1][1]
        elif value - before[0] > after[0] - value:
            words, lang = _("Nästan: %(label)s") % {"label": after[1][0]}, after[1][1]
        else:
            words = _("Mellan ”%(low)s” och ”%(high)s”") % {"low": before[1][0], "high": after[1][0]}
            lang = before[1][1]
        steps.append({"value": value, "words": words, "lang": lang, "anchor": False})
    return steps


def _items(link):
    return list(link.instrument.items.order_by("position"))


def _common(link, items):
    code = translation.get_language()
    return {
        "link": link,
        "total": len(items),
        "speech_lang": SPEECH_LANGUAGES.get(code, code),
        "allow_dont_know": link.instrument.allow_dont_know,
    }


@participant_page
@require_http_methods(["GET"])
def start(request, link, token):
    items = _items(link)
    texts = Texts(link.instrument, link.language)
    return render(
        request,
        "progression/selfassessment/start.html",
        {
            **_common(link, items),
            "description": _label(texts.get(link.instrument, "description")),
            "minutes": max(2, math.ceil(len(items) / 2)),
            "needs_review": texts.texts.needs_review,
            "first_url": reverse("selfassessment:question", args=[token, 1]),
        },
    )


def _answer_label(item, value, texts):
    if value is None:
        return _("Vet inte / vill inte svara")
    step = next((s for s in scale_steps(item, texts) if s["value"] == value), None)
    return f"{value} – {step['words']}" if step else str(value)


@participant_page
@require_http_methods(["GET", "POST"])
def question(request, link, token, step):
    items = _items(link)
    if not 1 <= step <= len(items):
        return _neutral(request, "progression/selfassessment/unknown.html", 404)
    item = items[step - 1]
    texts = Texts(link.instrument, link.language)
    steps = scale_steps(item, texts)
    choices = [(str(s["value"]), s["words"]) for s in steps]
    if link.instrument.allow_dont_know:
        choices.append((DONT_KNOW, _("Vet inte / vill inte svara")))
    answers = request.session.get(_answers_key(link), {})
    returning = request.GET.get("fran") == "kontroll" or request.POST.get("fran") == "kontroll"
    if request.method == "POST":
        form = AnswerForm(request.POST, choices=choices)
        if form.is_valid():
            value = form.cleaned_data["answer"]
            answers[item.code] = None if value == DONT_KNOW else int(value)
            request.session[_answers_key(link)] = answers
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
            "chosen": str(chosen) if chosen is not None else "",
            "question": _label(texts.get(item, "text")),
            "dont_know": DONT_KNOW,
            "back_url": back_url,
            "returning": returning,
            "is_last": step == len(items),
        },
    )


@participant_page
@require_http_methods(["GET", "POST"])
def review(request, link, token):
    items = _items(link)
    texts = Texts(link.instrument, link.language)
    answers = request.session.get(_answers_key(link), {})
    missing = [item for item in items if item.code not in answers]
    error = None
    if request.method == "POST":
        if missing and not link.instrument.allow_dont_know:
            error = _("Svara på alla frågor innan du skickar.")
        else:
            try:
                actions.submit_answers(link, answers={item.code: answers.get(item.code) for item in items})
            except actions.LinkUnusable:
                return redirect("selfassessment:start", token=token)  # shows the 410 page
            except ActionError as failure:
                if hasattr(failure, "error_dict") and "answers" in failure.error_dict:
                    error = _("Svara med en siffra på minst en fråga innan du skickar.")
                else:
                    error = _("Svaren kunde inte sparas. Kontakta den som gav dig länken.")
            else:
                request.session.pop(_answers_key(link), None)
                request.session[_sent_key(link)] = True
                return redirect("selfassessment:thanks", token=token)
    rows = [
        {
            "step": number,
            "question": _label(texts.get(item, "text")),
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
            "back_url": reverse("selfassessment:question", args=[token, len(items)]),
        },
    )


@participant_page(after_sending=True)
@require_http_methods(["GET"])
def thanks(request, link, token):
    if not request.session.get(_sent_key(link)):
        return redirect("selfassessment:start", token=token)
    return render(request, "progression/selfassessment/thanks.html", {"link": link})
