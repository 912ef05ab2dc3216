"""Staff pages of the measuring part: registering answers, language levels, a project's plan, due lists.

Rows come from ``restrict``: a page about an enrolment the user may not change answers 404, as if
it did not exist. Every write goes through an action; an action's error is shown at the item or
field it names, and a stale edit gets the conflict message, never a 500.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record, record_list
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import action_form_page, run_action_form
from stegvis.organizations.actions import token_of
from stegvis.organizations.models import Project
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.models import Enrollment, Person
from stegvis.progression import actions
from stegvis.progression.measuring import schedule
from stegvis.progression.measuring.actions import save_progression_settings
from stegvis.progression.measuring.forms import (
    DueFilterForm,
    LanguageLevelForm,
    MeasurementForm,
    ProgressionSettingsForm,
)
from stegvis.progression.models import Instrument, Measurement, Respondent, Source


def _participant_url(person):
    return reverse("participants:detail", args=[person.pk]) + "#progression"


def _active_instruments():
    return Instrument.objects.filter(is_active=True).order_by("name", "-version")


def primary_instrument(project):
    """The newest active version of the project's primary instrument (any active one as a fallback)."""
    code = schedule.settings_for(project).primary_instrument_code
    instruments = _active_instruments()
    return instruments.filter(code=code).order_by("-version").first() or instruments.first()


def _chosen(request, name):
    return request.POST.get(name) if request.method == "POST" else request.GET.get(name)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def measurement_create(request, pk):
    """One screen with every item of the card: fast to fill in during a meeting or from paper."""
    enrollment = enrollment_or_404(request.user, pk)
    instruments = _active_instruments()
    instrument = None
    chosen = _chosen(request, "instrument")
    if chosen and chosen.isdigit():
        instrument = instruments.filter(pk=int(chosen)).first()
    instrument = instrument or primary_instrument(enrollment.project)
    if instrument is None:
        messages.error(
            request, _("Det finns inget instrument i bruk. En administratör behöver lägga upp ett.")
        )
        return redirect(_participant_url(enrollment.person))
    respondent = _chosen(request, "respondent")
    if respondent not in Respondent.values:
        respondent = Respondent.PARTICIPANT
    source = _chosen(request, "source")
    day = _chosen(request, "date")
    initial = {
        "instrument": instrument.pk,
        "respondent": respondent,
        "date": day or datetime.date.today(),
        "source": source or Source.MEETING,
    }
    # "Byt kort" reloads with GET; only a POST that saves carries the answers.
    data = request.POST if request.method == "POST" and "save" in request.POST else None
    form = MeasurementForm(
        data, initial=initial, instrument=instrument, respondent=respondent, instruments=instruments
    )

    def perform(data):
        if data["instrument"] != instrument or data["respondent"] != respondent:
            raise ActionError(
                {"instrument": _("Kortet byttes medan du fyllde i. Kontrollera svaren och spara igen.")}
            )
        return actions.record_measurement(
            request.user,
            enrollment,
            instrument,
            respondent=respondent,
            date=data["date"],
            source=data["source"],
            answers=form.answers(),
        )

    if data is not None:
        done = run_action_form(
            request, form, perform, _("Mätningen är sparad."), lambda _m: _participant_url(enrollment.person)
        )
        if done:
            return done
    return render(
        request,
        "progression/measuring/measurement_form.html",
        {
            "form": form,
            "enrollment": enrollment,
            "person": enrollment.person,
            "instrument": instrument,
            "respondent": respondent,
            "editing": False,
            "title": _("Registrera mätning"),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def measurement_edit(request, pk):
    """Correct a measurement's answers or date; the version guards against overwriting someone else."""
    measurement = get_restricted_or_404(
        Measurement.objects.select_related(
            "enrollment__person", "enrollment__project", "enrollment__organization", "instrument"
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Mätningen finns inte eller så saknar du behörighet."),
    )
    enrollment, instrument = measurement.enrollment, measurement.instrument
    initial = {
        "instrument": instrument.pk,
        "respondent": measurement.respondent,
        "date": measurement.date,
        "source": measurement.source
        if measurement.source in (Source.MEETING, Source.PAPER)
        else Source.MEETING,
        "version": measurement.version,
    }
    from stegvis.progression.measuring.forms import DONT_KNOW, item_field_name

    values = {a.item_id: a.value for a in measurement.answers.all()}
    for item in instrument.items.all():
        if item.pk in values:
            initial[item_field_name(item)] = DONT_KNOW if values[item.pk] is None else str(values[item.pk])
    data = request.POST if request.method == "POST" else None
    form = MeasurementForm(
        data,
        initial=initial,
        instrument=instrument,
        respondent=measurement.respondent,
        instruments=Instrument.objects.filter(pk=instrument.pk),
        editing=True,
    )
    if data is None:
        record(request.user, AuditAction.VIEW, measurement, person=enrollment.person)

    def perform(data):
        return actions.update_measurement(
            request.user, measurement, version=data.get("version"), answers=form.answers(), date=data["date"]
        )

    return action_form_page(
        request,
        form,
        perform,
        success=_("Mätningen är ändrad."),
        next_url=lambda _m: reverse("progression:measurement_list", args=[enrollment.pk]),
        template="progression/measuring/measurement_form.html",
        enrollment=enrollment,
        person=enrollment.person,
        instrument=instrument,
        respondent=measurement.respondent,
        editing=True,
        measurement=measurement,
        title=_("Ändra mätning %(date)s") % {"date": measurement.date.isoformat()},
    )


@access_rule(Rule.PERSONAL_DATA)
def measurement_list(request, pk):
    """Every measurement of one enrolment with its answers, item by item."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    from django.db.models import Avg, Count, Prefetch

    from stegvis.progression.models import Answer

    measurements = (
        Measurement.objects.restrict(request.user, VIEW)
        .filter(enrollment=enrollment)
        .select_related("instrument", "registered_by")
        .annotate(mean=Avg("answers__value"), answered=Count("answers__value"), items=Count("answers"))
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("item").order_by("item__position"))
        )
        .order_by("-date", "-pk")
    )
    can_change = may(request.user, CHANGE, enrollment)
    record(request.user, AuditAction.VIEW, enrollment, person=enrollment.person, detail="measurements")
    plan = schedule.annotate_schedule(Enrollment.objects.filter(pk=enrollment.pk))[0]
    return render(
        request,
        "progression/measuring/measurement_list.html",
        {
            "enrollment": enrollment,
            "person": enrollment.person,
            "measurements": measurements,
            "can_change": can_change,
            "plan": plan,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def language_level_create(request, pk):
    """Register a person's SFI course or CEFR level on a date."""
    person = get_restricted_or_404(
        Person,
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Deltagaren finns inte eller så saknar du behörighet."),
    )
    form = LanguageLevelForm(
        request.POST or None, initial={"date": datetime.date.today(), "framework": "sfi"}
    )

    def perform(data):
        return actions.record_language_level(
            request.user, person, date=data["date"], framework=data["framework"], level=data["level"]
        )

    done = run_action_form(
        request, form, perform, _("Språknivån är sparad."), lambda _l: _participant_url(person)
    )
    if done:
        return done
    from stegvis.progression.models import LanguageLevel

    levels = (
        LanguageLevel.objects.restrict(request.user, VIEW).filter(person=person).order_by("framework", "date")
    )
    return render(
        request,
        "progression/measuring/language_level_form.html",
        {
            "form": form,
            "person": person,
            "levels": levels,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def project_settings(request, code):
    """A project's measurement plan and threshold: project leaders of the project and administrators."""
    project = Project.objects.filter(code=code).first()
    if project is None:
        raise Http404(_("Projektet finns inte."))
    if not may(request.user, CHANGE, project):
        from django.core.exceptions import PermissionDenied

        if not may(request.user, VIEW, project):
            raise Http404(_("Projektet finns inte."))
        raise PermissionDenied
    plan = schedule.settings_for(project)
    codes = {}
    for instrument in _active_instruments().order_by("code", "-version"):
        codes.setdefault(instrument.code, f"{instrument.name} ({instrument.code})")
    if plan.primary_instrument_code not in codes:
        codes[plan.primary_instrument_code] = _("%(code)s (inte i bruk)") % {
            "code": plan.primary_instrument_code
        }
    form = ProgressionSettingsForm(
        request.POST or None,
        codes=sorted(codes.items(), key=lambda kv: kv[1]),
        initial={
            "primary_instrument_code": plan.primary_instrument_code,
            "interval_months": plan.interval_months,
            "progression_threshold": project.progression_threshold,
            "version": plan.version if plan.pk else None,
            "token": token_of(project),
        },
    )

    def perform(data):
        return save_progression_settings(
            request.user,
            project,
            primary_instrument_code=data["primary_instrument_code"],
            interval_months=data["interval_months"],
            progression_threshold=data["progression_threshold"],
            version=data.get("version"),
            token=data.get("token") or "",
        )

    return action_form_page(
        request,
        form,
        perform,
        success=_("Mätplanen är sparad."),
        next_url=lambda _plan: reverse("progression:measuring_settings", args=[project.code]),
        template="progression/measuring/project_settings.html",
        project=project,
        plan=plan,
        tolerance=schedule.TOLERANCE_DAYS,
        lookahead=schedule.LOOKAHEAD_DAYS,
    )


@access_rule(Rule.PERSONAL_DATA)
def due_list(request):
    """Everyone the user may see who is due or overdue for a measurement, filterable by project."""
    enrollments = Enrollment.objects.restrict(request.user, VIEW)
    projects = Project.objects.filter(pk__in=enrollments.values("project_id")).order_by("name")
    form = DueFilterForm(request.GET or None, projects=projects)
    if form.is_valid() and form.cleaned_data.get("project"):
        enrollments = enrollments.filter(project=form.cleaned_data["project"])
    rows = schedule.due_rows(enrollments)
    changeable = set(
        Enrollment.objects.restrict(request.user, CHANGE)
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.may_register = row.pk in changeable
    record_list(
        request.user,
        "participants.enrollment",
        detail=_("Mätningar att göra"),
        params=request.GET,
        shown=len(rows),
        persons=rows,
    )
    return render(
        request,
        "progression/measuring/due_list.html",
        {
            "form": form,
            "rows": rows,
            "today": datetime.date.today(),
            "lookahead": schedule.LOOKAHEAD_DAYS,
            "plan_projects": Project.objects.restrict(request.user, CHANGE).order_by("name"),
        },
    )
