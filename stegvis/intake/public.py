"""The public self-referral pages (``/anmalan/<adress>/``): no login, phone first, in the reader's language.

Nothing here tells anything about what exists: an unknown address and a closed page give the
same 404 page, a filled-in honeypot gets the same thanks page as a real request (and nothing is
stored), and the page never shows an id. The language comes from ``?lang=`` (one of the
participant languages; Swedish otherwise) and is kept on every link and form of these pages.
Submissions are limited per client address (``STEGVIS_INTAKE_RATE``, default ``5/h``) in the
shared cache, so the limit holds across web processes.
"""

import functools

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from stegvis.core.access import Rule
from stegvis.core.errors import ActionError
from stegvis.core.headers import private
from stegvis.core.languages import participant_choices, participant_codes
from stegvis.core.views_helpers import apply_action_error
from stegvis.intake import actions
from stegvis.intake.forms import SelfReferralForm
from stegvis.intake.models import IntakePage, retention_days_of

DEFAULT_RATE = "5/h"
RATE_GROUP = "intake.submit"


def submission_rate():
    """Submissions allowed per client address, e.g. ``"5/h"`` (django-ratelimit's notation)."""
    return getattr(settings, "STEGVIS_INTAKE_RATE", DEFAULT_RATE)


def page_language(request):
    """The language asked for with ``?lang=``, if it is a participant language; else Swedish."""
    asked = request.GET.get("lang", "")
    return asked if asked in participant_codes() else settings.LANGUAGE_CODE


def with_language(url, language):
    return url if language == settings.LANGUAGE_CODE else f"{url}?{urlencode({'lang': language})}"


def language_links(request, language):
    """The language chooser: every participant language, named in itself, the current one marked."""
    return [
        {
            "code": code,
            "name": name,
            "url": with_language(request.path, code),
            "current": code == language,
            "rtl": code in settings.LANGUAGES_BIDI,
        }
        for code, name in participant_choices()
    ]


def public_page(view):
    """Find the open page by its address and speak the reader's language; one 404 for everything else."""

    @functools.wraps(view)
    def wrapper(request, slug):
        language = page_language(request)
        with translation.override(language):
            page = None
            if len(slug) <= 60:
                page = (
                    IntakePage.objects.filter(slug=slug, is_active=True)
                    .select_related("organization", "project")
                    .first()
                )
            if page is None:
                return private(
                    render(
                        request,
                        "intake/public/not_found.html",
                        {
                            "languages": language_links(request, language),
                        },
                        status=404,
                    )
                )
            context = {
                "page": page,
                "language": language,
                "languages": language_links(request, language),
                "form_url": with_language(reverse("intake:form", args=[page.slug]), language),
                "privacy_url": with_language(reverse("intake:privacy", args=[page.slug]), language),
            }
            return private(view(request, page, context))

    wrapper.access_rule = Rule.PUBLIC
    return wrapper


@public_page
@require_http_methods(["GET", "POST"])
def form(request, page, context):
    """The form; a valid request, or a robot's, goes on to the same thanks page."""
    thanks_url = with_language(reverse("intake:thanks", args=[page.slug]), context["language"])
    if request.method == "POST":
        if is_ratelimited(
            request, group=RATE_GROUP, key="ip", rate=submission_rate(), method="POST", increment=True
        ):
            return render(request, "intake/public/too_many.html", context, status=429)
        form = SelfReferralForm(request.POST)
        if form.is_robot():
            return redirect(thanks_url)
        if form.is_valid():
            try:
                actions.submit_request(page, language=context["language"], **form.action_fields())
            except ActionError as error:
                apply_action_error(form, error)
            else:
                return redirect(thanks_url)
    else:
        form = SelfReferralForm()
    return render(request, "intake/public/form.html", {**context, "form": form})


@public_page
@require_http_methods(["GET"])
def thanks(request, page, context):
    return render(request, "intake/public/thanks.html", context)


@public_page
@require_http_methods(["GET"])
def privacy(request, page, context):
    """Who is responsible, what is kept, why, for how long, who sees it, the reader's rights."""
    return render(
        request,
        "intake/public/privacy.html",
        {
            **context,
            "retention_days": retention_days_of(page.organization),
        },
    )
