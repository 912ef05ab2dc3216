"""Interpreter mode: staff pages for a meeting held through an interpreter, under ``/tolk/``.

Each page is about one enrolment and shows the participant's texts in Swedish and in a
participant language side by side (chosen on the page, ``?sprak=``; at first the person's
preferred language): the self-assessment card, where staff also register the answers; the same
card to print (its own address per language); the plan; the exit survey.

Access: ``Rule.PERSONAL_DATA``, and the enrolment through ``enrollment_or_404``, so staff who may
not see it (or, on the screen that registers answers, change it) get 404 as if it did not exist.
Opening a page is an audited read of the person's data, and every page is sent ``no-store``.
"""

import datetime

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, may
from stegvis.core.headers import private
from stegvis.core.views_helpers import run_action_form
from stegvis.interpreting.card import build_card
from stegvis.interpreting.forms import InterpreterMeasurementForm
from stegvis.interpreting.pairs import SWEDISH, Text
from stegvis.interpreting.plan import build_plan
from stegvis.interpreting.sheet import sheet_words
from stegvis.interpreting.survey import build_survey, exit_survey
from stegvis.interpreting.wording import instrument_for
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.languages import (
    chosen_language,
    language_codes,
    own_name,
    preferred_language,
    swedish_name,
)
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Respondent, Source


def _language(request, enrollment):
    default = preferred_language(enrollment.person, swedish=False)
    return chosen_language(request, default, swedish=False)


def _page(request, enrollment, language, *, page, template, language_form=None, may_change=None, **context):
    """Render one interpreter page: audited as a read of the person's data, never stored by a cache."""
    record(
        request.user,
        AuditAction.VIEW,
        enrollment,
        person=enrollment.person,
        detail=f"tolk: {page} ({language})",
    )
    if may_change is None:
        may_change = may(request.user, CHANGE, enrollment)
    response = render(
        request,
        template,
        {
            "enrollment": enrollment,
            "person": enrollment.person,
            "page": page,
            "language": language,
            "language_form": language_form,
            "language_name": swedish_name(language),
            "columns": (Text(own_name(SWEDISH), SWEDISH), Text(own_name(language), language)),
            "may_change": may_change,
            "sheet": sheet_words(language, datetime.date.today()),
            **context,
        },
    )
    return private(response)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def selfassessment(request, pk):
    """The card in two languages; staff register the participant's answers, given in the meeting."""
    enrollment = enrollment_or_404(request.user, pk, CHANGE)
    language, language_form = _language(request, enrollment)
    instrument = instrument_for(enrollment)
    context = {"form": None, "card": None}
    if instrument is not None:
        prefetch_related_objects([instrument], "items")
        form = InterpreterMeasurementForm(
            request.POST if request.method == "POST" else None,
            instrument=instrument,
            initial={"date": datetime.date.today(), "card": instrument.pk},
        )
        done = run_action_form(
            request,
            form,
            lambda data: record_measurement(
                request.user,
                enrollment,
                instrument,
                respondent=Respondent.PARTICIPANT,
                date=data["date"],
                answers=form.answers(),
                source=Source.MEETING,
                language=language,
            ),
            _("Svaren är sparade."),
            lambda _measurement: reverse("progression:measurement_list", args=[enrollment.pk]),
        )
        if done:
            return done
        bilingual = build_card(instrument, language)
        for question in bilingual.questions:
            question.field = form[question.name]
        context = {"form": form, "card": bilingual}
    return _page(
        request,
        enrollment,
        language,
        page="självskattning",
        template="interpreting/selfassessment.html",
        language_form=language_form,
        may_change=True,
        **context,
    )


@access_rule(Rule.PERSONAL_DATA)
def card(request, pk, language):
    """The same card on paper (A4): both languages, a box to tick for every step."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    if language not in language_codes(swedish=False):
        raise Http404(_("Språket finns inte."))
    instrument = instrument_for(enrollment)
    if instrument is not None:
        prefetch_related_objects([instrument], "items")
    return _page(
        request,
        enrollment,
        language,
        page="frågekort",
        template="interpreting/card.html",
        card=build_card(instrument, language) if instrument is not None else None,
        other_languages=[(code, swedish_name(code)) for code in language_codes(swedish=False)],
    )


@access_rule(Rule.PERSONAL_DATA)
def plan(request, pk):
    """The participant's plan with every label, heading, status and owner word in both languages."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    language, language_form = _language(request, enrollment)
    return _page(
        request,
        enrollment,
        language,
        page="plan",
        template="interpreting/plan.html",
        language_form=language_form,
        plan=build_plan(request.user, enrollment, language, datetime.date.today()),
    )


@access_rule(Rule.PERSONAL_DATA)
def survey(request, pk):
    """The project's exit survey, its questions and answer scale in both languages (to read, not to answer)."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    language, language_form = _language(request, enrollment)
    found = exit_survey(enrollment.project)
    return _page(
        request,
        enrollment,
        language,
        page="slutenkät",
        template="interpreting/survey.html",
        language_form=language_form,
        survey=build_survey(found, language) if found is not None else None,
    )
