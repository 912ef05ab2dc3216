"""Pages of the surveys app: staff pages under ``/enkater/``, the participant's under ``/e/<token>/``.

The participant's pages need no login: the token is the key, the page shows nothing but the
questions in the link's language, all on one page (five statements and two free-text questions
fit a phone), as a plain form that works without JavaScript. Unknown tokens give 404 and
answered or expired links 410, with the self-assessment's neutral pages.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, REPORT, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.errors import ActionError
from stegvis.core.headers import private
from stegvis.core.languages import staff_choices
from stegvis.core.routers import reads_from_replica
from stegvis.core.tokens import hash_token
from stegvis.core.views_helpers import action_form_page, apply_action_error
from stegvis.organizations.models import Project
from stegvis.participants import onetime_links
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.models import Enrollment
from stegvis.progression.selfassessment.views import broken_link_messages
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.page_report import report_for_page
from stegvis.reports.project_report import report_date, scoped_enrollments
from stegvis.surveys import actions
from stegvis.surveys.chart import stacked_chart
from stegvis.surveys.courses import course_evaluation_figures, course_evaluation_tables
from stegvis.surveys.figures import free_texts, responses_in, survey_figures
from stegvis.surveys.forms import CourseEvaluationForm, CreateLinkForm, ProjectSettingsForm, SurveyAnswerForm
from stegvis.surveys.models import Mode, Survey, SurveyAnswer, SurveyLink, SurveyText
from stegvis.surveys.reminders import without_survey_link
from stegvis.surveys.scale import scale_words
from stegvis.surveys.tables import surveys_tables
from stegvis.surveys.texts import SurveyTexts

# Below this many responses, figures and free texts may point at a person (docs/surveys.md).
SMALL_GROUP = 5


# --- Administration: the survey templates --------------------------------------------------------


@access_rule(Rule.ADMIN)
def survey_list(request):
    surveys = Survey.objects.order_by("code", "-version").prefetch_related("questions")
    return render(request, "surveys/survey_list.html", {"surveys": surveys})


@access_rule(Rule.ADMIN)
def survey_detail(request, code, version):
    survey = get_object_or_404(Survey, code=code, version=version)
    questions = list(survey.questions.order_by("position"))
    texts = {}
    for t in SurveyText.objects.filter(survey=survey):
        texts.setdefault(t.language, {})[(t.question_id, t.field)] = t
    languages = []
    for code_, name in staff_choices():
        if code_ == settings.LANGUAGE_CODE:
            continue
        found = texts.get(code_, {})
        languages.append(
            {
                "code": code_,
                "name": name,
                "name_text": found.get((None, "name")),
                "questions": [(q, found.get((q.pk, "text"))) for q in questions],
            }
        )
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "questions": questions,
            "languages": languages,
            "words": scale_words(),
        },
    )


# --- Project: settings and results ---------------------------------------------------------------


def _project_to_change(request, code):
    """The project the user works on and may change (leaders and administrators), else 404 or 403."""
    project = get_restricted_or_404(Project, request.user, VIEW, code=code)
    if not may(request.user, CHANGE, project):
        raise PermissionDenied
    return project


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def project_settings(request, code):
    """Which survey the project asks at exit, anonymous or named, sent when (leaders and administrators)."""
    project = _project_to_change(request, code)
    current = actions.settings_for(project)
    initial = {
        "exit_survey": current.exit_survey,
        "mode": current.mode,
        "send_at_exit": current.send_at_exit,
        "later_days": current.later_days,
        "version": current.version,
    }
    form = ProjectSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                actions.save_project_settings(
                    request.user,
                    project,
                    version=data["version"],
                    exit_survey=data["exit_survey"],
                    mode=data["mode"],
                    send_at_exit=data["send_at_exit"],
                    later_days=data["later_days"],
                )
        except ActionError as error:
            apply_action_error(form, error)
        else:
            messages.success(request, _("Enkätinställningarna är sparade."))
            return redirect("surveys:results", code=project.code)
    return render(request, "surveys/project_settings.html", {"project": project, "form": form})


@access_rule(Rule.STAFF)
def results(request, code):
    """Aggregates for everyone who may report on the project; free texts only with personal-data access."""
    project = get_restricted_or_404(Project, request.user, REPORT, code=code)
    form = ReportParamsForm(request.GET if request.GET else None)
    on = date_from = date_to = None
    valid = not form.is_bound or form.is_valid()
    if form.is_bound and valid:
        on, date_from, date_to = form.params()
    context = {"project": project, "form": form}
    if valid:
        on = report_date(on)
        scope = scoped_enrollments(
            on, date_from, date_to, queryset=Enrollment.objects.filter(project=project)
        )
        section = survey_figures(project, scope, on, date_from, date_to)
        report = {"surveys": section}
        may_read_texts = may(request.user, VIEW, project)
        texts = None
        if may_read_texts:
            visible = SurveyAnswer.objects.restrict(request.user, VIEW).values("response_id")
            texts = free_texts(responses_in(project, on, date_from, date_to).filter(pk__in=visible))
            if texts:
                record(request.user, AuditAction.VIEW, project, detail="enkäter: fritextsvar")
        settings_ = actions.settings_for(project)
        context.update(
            {
                "on": on,
                "date_from": date_from,
                "date_to": date_to,
                "section": section,
                "chart": stacked_chart(section["statements"], _("Svar per påstående"), "chart-survey"),
                "tables": surveys_tables(report)[:2],  # the distribution is the chart's own table
                "may_read_texts": may_read_texts,
                "free_texts": texts,
                "small_group": 0 < section["responses"] < SMALL_GROUP,
                "survey_settings": settings_,
                "survey": actions.survey_for(settings_),
                "may_change": may(request.user, CHANGE, project),
            }
        )
    return render(request, "surveys/results.html", context)


# --- Course evaluations ------------------------------------------------------------------------


@access_rule(Rule.STAFF)
@reads_from_replica
def courses(request, code):
    """Results per course and occasion (aggregates: everyone who may report on the project)."""
    project = get_restricted_or_404(Project.objects.select_related("owner"), request.user, REPORT, code=code)
    page = report_for_page(request, project, sections={"course_evaluations": course_evaluation_figures})
    context = {
        "project": project,
        "form": page.form,
        "report": page.report,
        "suppression": page.suppression,
        "may_change": may(request.user, CHANGE, project),
    }
    if page.report is not None:
        context["courses"] = page.report.get("course_evaluations") or {}
        context["tables"] = course_evaluation_tables(page.report)
    return render(request, "surveys/courses.html", context)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def course_create(request, code):
    """Attach a survey to a course or a course occasion (leaders and administrators)."""
    project = _project_to_change(request, code)
    form = CourseEvaluationForm(request.POST or None, project=project)
    return action_form_page(
        request,
        form,
        lambda data: actions.create_course_evaluation(
            request.user,
            data["intervention"],
            survey=data["survey"],
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            mode=data["mode"],
        ),
        success=_("Kursutvärderingen är sparad. Deltagarna får enkäten när kursen slutar."),
        next_url=lambda _evaluation: reverse("surveys:courses", kwargs={"code": project.code}),
        template="surveys/course_form.html",
        project=project,
        cancel_url=reverse("surveys:courses", kwargs={"code": project.code}),
    )


# --- Staff: make and hand out a link; what is due ------------------------------------------------

HAND_OUT = onetime_links.HandOut(
    heading=gettext_lazy("Enkätlänken är skapad"),
    qr_title=gettext_lazy("QR-kod med länken till enkäten"),
    qr_caption=gettext_lazy("QR-kod med länken till enkäten. Samma länk finns som text nedanför."),
    sent_by_sms=gettext_lazy("Enkäten är skickad som SMS till deltagarens mobil."),
    sent_by_email=gettext_lazy("Enkäten är skickad med e-post till deltagaren."),
    url_field_id="survey-link-url",
)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def create_link(request, pk):
    """Make a survey link for one enrolment; show it as a QR code once, or send it by SMS / e-mail."""
    return onetime_links.create_link_page(
        request,
        enrollment_or_404(request.user, pk, CHANGE),
        form_class=CreateLinkForm,
        create_link=actions.create_link,
        send_link=actions.send_link,
        url_for=lambda request, raw: actions.link_url(raw, request),
        back_fragment="#enkat",
        hand_out=HAND_OUT,
        template="surveys/link_create.html",
        form_context=lambda enrollment: {"mode": actions.settings_for(enrollment.project).mode},
    )


@access_rule(Rule.PERSONAL_DATA)
def due_list(request):
    """Enrolments the user may see that ended in the last 30 days and have no survey link yet."""
    today = timezone.localdate()
    rows = list(
        without_survey_link(request.user, today)
        .select_related("person", "project")
        .order_by("end_date", "pk")[:500]
    )
    return render(request, "surveys/due_list.html", {"rows": rows, "today": today})


# --- The participant's pages ---------------------------------------------------------------------


def _sent_key(link):
    return f"surveys:{link.pk}:sent"


def _neutral(request, template, status):
    return private(render(request, template, {"languages": broken_link_messages()}, status=status))


def _link_or_response(request, token, *, after_sending=False):
    """``(link, None)`` for a usable link, or ``(None, response)`` for unknown/used/expired ones."""
    link = None
    if len(token) <= 64:
        link = SurveyLink.objects.filter(token_hash=hash_token(token)).select_related("survey").first()
    if link is None:
        return None, _neutral(request, "progression/selfassessment/unknown.html", 404)
    if after_sending and request.session.get(_sent_key(link)):
        return link, None
    try:
        actions.check_usable(link)
    except actions.LinkUnusable as gone:
        with translation.override(link.language):
            response = _neutral(request, "progression/selfassessment/gone.html", 410)
        response.reason_phrase = "Gone"
        response["X-Stegvis-Link"] = gone.reason
        return None, response
    return link, None


@access_rule(Rule.PUBLIC)
@require_http_methods(["GET", "POST"])
def answer(request, token):
    link, refused = _link_or_response(request, token)
    if refused is not None:
        return refused
    with translation.override(link.language):
        questions = list(link.survey.questions.order_by("position"))
        texts = SurveyTexts(link.survey, link.language)
        form = SurveyAnswerForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            texts=texts,
            words=scale_words(),
        )
        error = None
        if request.method == "POST" and form.is_valid():
            values, free = form.answers()
            try:
                actions.submit_response(link, values=values, texts=free)
            except actions.LinkUnusable:
                return redirect("surveys:answer", token=token)  # shows the 410 page
            except ActionError as failure:
                if hasattr(failure, "error_dict") and "__all__" in failure.error_dict:
                    error = failure.error_dict["__all__"][0].messages[0]
                else:
                    error = _("Svaren kunde inte sparas. Kontrollera svaren och försök igen.")
            else:
                request.session[_sent_key(link)] = True
                return redirect("surveys:thanks", token=token)
        elif request.method == "POST":
            error = _("Något i svaren behöver rättas. Se meddelandet vid frågan.")
        name = texts.get(link.survey, "name")
        description = texts.get(link.survey, "description")
        response = render(
            request,
            "surveys/public/answer.html",
            {
                "link": link,
                "form": form,
                "error": error,
                "anonymous": link.mode == Mode.ANONYMOUS,
                "name": {"text": name[0], "lang": name[1]},
                "description": {"text": description[0], "lang": description[1]},
                "needs_review": texts.needs_review,
            },
        )
    return private(response)


@access_rule(Rule.PUBLIC)
@require_http_methods(["GET"])
def thanks(request, token):
    link, refused = _link_or_response(request, token, after_sending=True)
    if refused is not None:
        return refused
    if not request.session.get(_sent_key(link)):
        return redirect("surveys:answer", token=token)
    with translation.override(link.language):
        response = render(
            request, "surveys/public/thanks.html", {"link": link, "anonymous": link.mode == Mode.ANONYMOUS}
        )
    return private(response)
