"""Every write of the surveys app: project settings, links, sending, answering. Validate, write, audit.

``user`` is the staff member acting (``None``: the worker, the command line or the demo).
Errors are :class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field.

Answering keeps anonymity (docs/surveys.md): for an anonymous survey the response is written
without any reference to the link, and the audit log gets one entry, for the *link*, saying it
was answered; no entry names the response, so the log cannot pair them either.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core import messaging
from stegvis.core.access import CHANGE, require
from stegvis.core.concurrency import parse_version, save_versioned
from stegvis.core.errors import ActionError, ConflictError
from stegvis.interventions.models import Intervention, ParticipantIntervention
from stegvis.organizations.models import Project
from stegvis.participants import onetime_links
from stegvis.participants.models import Enrollment, Person, counted_q
from stegvis.participants.onetime_links import EMAIL, QR, SMS, LinkUnusable, participant_language_codes  # noqa: F401 (LinkUnusable: for the pages)
from stegvis.surveys.models import (
    EXIT_SURVEY_CODE,
    CourseEvaluation,
    Mode,
    Occasion,
    ProjectSurveySettings,
    Question,
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyResponse,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from stegvis.core.access import Actor

#: One answer to store: ``(question, value 1..5, don't know, text)``.
AnswerRow = tuple[Question, int | None, bool, str]

MAX_VALID_DAYS = 60
DEFAULT_VALID_DAYS = 14
MAX_LATER_DAYS = 365
MAX_TEXT = 2000
DONT_KNOW = "x"
# The worker sends an automatic link only for exits (or later dates) this recent, so turning the
# setting on does not message everyone who ever left the project.
SEND_WINDOW_DAYS = 7


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


# --- Project settings ----------------------------------------------------------------------------


def active_exit_survey() -> Survey | None:
    """The newest active version of the default exit survey (or ``None``)."""
    return Survey.objects.filter(code=EXIT_SURVEY_CODE, is_active=True).order_by("-version").first()


def settings_for(project: Project) -> ProjectSurveySettings:
    """The project's settings, or unsaved defaults (anonymous, nothing sent automatically)."""
    found = ProjectSurveySettings.objects.filter(project=project).select_related("exit_survey").first()
    return found or ProjectSurveySettings(project=project, version=0)


def survey_for(project_settings: ProjectSurveySettings) -> Survey | None:
    survey = project_settings.exit_survey
    if survey is not None and survey.is_active:
        return survey
    return active_exit_survey()


SETTINGS_FIELDS = ("exit_survey", "mode", "send_at_exit", "later_days")


@transaction.atomic
def save_project_settings(
    user: "Actor",
    project: Project,
    *,
    version: int | str | None,
    exit_survey: Survey | None,
    mode: str,
    send_at_exit: bool,
    later_days: int | str | None,
) -> ProjectSurveySettings:
    """Set which survey a project asks at exit, how, and when it is sent; ``version`` from the form."""
    require(user, CHANGE, project)
    errors: dict[str, list[str]] = {}
    if exit_survey is not None and not exit_survey.is_active:
        errors["exit_survey"] = [_("Enkät: välj en enkät som är i bruk.")]
    if mode not in Mode.values:
        errors["mode"] = [_("Svar: välj anonyma svar eller svar med namn.")]
    if later_days is not None:
        try:
            later_days = int(later_days)
        except (TypeError, ValueError):
            later_days = -1
        if not 1 <= later_days <= MAX_LATER_DAYS:
            errors["later_days"] = [
                _("Skicka igen: ange antal dagar efter avslut, 1 till %(max)s, eller lämna tomt.")
                % {"max": MAX_LATER_DAYS}
            ]
    if errors:
        raise ActionError(errors)
    current = ProjectSurveySettings.objects.filter(project=project).first()
    values = {
        "exit_survey": exit_survey,
        "mode": mode,
        "send_at_exit": bool(send_at_exit),
        "later_days": later_days,
    }
    if current is None:
        if parse_version(version or 0) != 0:
            raise ActionError(
                _("Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ingenting sparades.")
            )
        current = ProjectSurveySettings.objects.create(project=project, **values)
        record(user, AuditAction.CREATE, current, changes=diff({}, values))
        return current
    before = {name: getattr(current, name) for name in SETTINGS_FIELDS}
    for name, value in values.items():
        setattr(current, name, value)
    if version is None:  # the form had no version: it cannot match a saved one
        raise ConflictError()
    save_versioned(current, version, list(SETTINGS_FIELDS))
    record(user, AuditAction.UPDATE, current, changes=diff(before, values))
    return current


# --- Links ---------------------------------------------------------------------------------------


@transaction.atomic
def create_link(
    user: "Actor",
    enrollment: Enrollment,
    *,
    language: str,
    valid_days: int | str = DEFAULT_VALID_DAYS,
    channel: str = QR,
    occasion: str = Occasion.MANUAL,
    course_evaluation: CourseEvaluation | None = None,
    now: datetime.datetime | None = None,
) -> tuple[SurveyLink, str]:
    """Make a one-time survey link for the enrolment; returns ``(link, raw_token)``.

    The raw token is returned once, to be shown or sent at once; only its hash is stored. The
    project's mode (anonymous or named) is fixed on the link, so changing the setting later does
    not change what a participant was promised. With ``course_evaluation`` the link asks that
    evaluation's survey, in its mode, at the course's end.
    """
    require(user, CHANGE, enrollment)
    now = now or timezone.now()
    person = enrollment.person
    days, errors = onetime_links.validate_request(
        person,
        language=language,
        valid_days=valid_days,
        channel=channel,
        max_valid_days=MAX_VALID_DAYS,
        language_error=_("Språk: välj ett av språken i listan."),
        valid_days_error=_("Giltig: länken kan gälla från 1 till %(max)s dagar.") % {"max": MAX_VALID_DAYS},
    )
    if occasion not in Occasion.values:
        errors["__all__"] = [_("Okänt tillfälle för enkäten.")]
    if course_evaluation is None:
        project_settings = settings_for(enrollment.project)
        survey, mode = survey_for(project_settings), project_settings.mode
    else:
        survey, mode, occasion = course_evaluation.survey, course_evaluation.mode, Occasion.COURSE_END
        if course_evaluation.intervention.project_id != enrollment.project_id:
            errors["__all__"] = [_("Kursutvärderingen hör till ett annat projekt än inskrivningen.")]
    if survey is None or not survey.is_active:
        errors["__all__"] = [_("Projektet har ingen enkät i bruk.")]
    if errors or survey is None:
        raise ActionError(errors)
    return onetime_links.create(
        user,
        SurveyLink,
        person=person,
        days=days,
        now=now,
        audited={
            "survey": survey.code,
            "mode": mode,
            "occasion": occasion,
            "language": language,
            "channel": channel,
            **({"course_evaluation": course_evaluation.pk} if course_evaluation else {}),
        },
        enrollment=enrollment,
        survey=survey,
        mode=mode,
        occasion=occasion,
        language=language,
        channel=channel,
        course_evaluation=course_evaluation,
    )


def link_url(raw: str, request: "HttpRequest | None" = None) -> str:
    """The participant's address for ``raw``: from the request, or ``STEGVIS_BASE_URL`` in the worker."""
    path = reverse("surveys:answer", args=[raw])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.STEGVIS_BASE_URL.rstrip("/") + path


# The SMS / e-mail text in the link's language: no names, nothing but the link.
MESSAGE = onetime_links.Message(
    subject=gettext_lazy("Vad tyckte du?"),
    text=gettext_lazy(
        "Hej! Vi vill gärna veta vad du tycker om stödet du har fått. Det tar några minuter. "
        "Länken kan användas en gång och gäller till %(date)s: %(url)s"
    ),
    kind="survey_link",
)


def send_link(user: "Actor", link: SurveyLink, url: str) -> SurveyLink:
    """Send the link by its channel to the person's phone or e-mail, and audit it (the worker too)."""
    onetime_links.send_link(user, link, url, MESSAGE, worker_may_send=True)
    return link


def check_usable(link: SurveyLink, now: datetime.datetime | None = None) -> None:
    """Raise :class:`LinkUnusable` for an answered or expired link."""
    onetime_links.check_usable(used=link.answered_month is not None, expires_at=link.expires_at, now=now)


# --- Answering -----------------------------------------------------------------------------------


def _clean_answers(
    questions: list[Question], values: dict[str, Any], texts: dict[str, str | None]
) -> list[AnswerRow]:
    """``[(question, value, dont_know, text)]`` to store, or :class:`ActionError` naming the question."""
    errors: dict[str, list[str]] = {}
    rows: list[AnswerRow] = []
    for question in questions:
        if question.kind == QuestionKind.STATEMENT:
            raw = values.get(question.code)
            if raw in (None, ""):
                continue
            if str(raw) == DONT_KNOW:
                rows.append((question, None, True, ""))
                continue
            try:
                value = int(raw)
            except (TypeError, ValueError):
                value = 0
            if not 1 <= value <= 5:
                errors[question.code] = [_("Välj ett av svaren.")]
                continue
            rows.append((question, value, False, ""))
        else:
            text = (texts.get(question.code) or "").strip()
            if not text:
                continue
            if len(text) > MAX_TEXT:
                errors[question.code] = [_("Skriv högst %(max)s tecken.") % {"max": MAX_TEXT}]
                continue
            rows.append((question, None, False, text))
    if errors:
        raise ActionError(errors)
    if not rows:
        raise ActionError({"__all__": [_("Svara på minst en fråga innan du skickar.")]})
    return rows


@transaction.atomic
def submit_response(
    link: SurveyLink,
    *,
    values: dict[str, Any] | None,
    texts: dict[str, str | None] | None = None,
    now: datetime.datetime | None = None,
) -> SurveyResponse:
    """Record the participant's answers once. ``values``: statement code -> 1..5 or ``"x"``; ``texts``: code -> text.

    The link row is locked so two taps on "send" (or two phones) cannot both record. Anonymous:
    the response gets no enrolment, a random key and only the month; the link gets only the month.
    """
    now = now or timezone.now()
    link = (
        SurveyLink.objects.select_for_update().select_related("enrollment__person", "survey").get(pk=link.pk)
    )
    check_usable(link, now)
    questions = list(link.survey.questions.order_by("position"))
    rows = _clean_answers(questions, values or {}, texts or {})
    month = first_of_month(timezone.localdate(now))
    named = link.mode == Mode.NAMED
    response = SurveyResponse.objects.create(
        survey=link.survey,
        project_id=link.enrollment.project_id,
        mode=link.mode,
        month=month,
        enrollment=link.enrollment if named else None,
        course_evaluation_id=link.course_evaluation_id,
    )
    SurveyAnswer.objects.bulk_create(
        [
            SurveyAnswer(response=response, question=question, value=value, dont_know=dont_know, text=text)
            for question, value, dont_know, text in rows
        ]
    )
    link.answered_month = month
    link.save(update_fields=["answered_month"])
    person = link.enrollment.person
    with translation.override(settings.LANGUAGE_CODE):  # the log is read by staff, in Swedish
        detail = _("Enkäten besvarad av deltagaren via länk")
    record(
        None,
        AuditAction.UPDATE,
        link,
        person=person,
        changes={"answered_month": [None, month.isoformat()]},
        detail=detail,
    )
    if named:
        record(None, AuditAction.CREATE, response, person=person, detail=detail)
    return response


# --- The worker: automatic sends at exit and later -----------------------------------------------


def _channel_for(person: Person) -> str | None:
    if messaging.is_phone_number(person.phone):
        return SMS
    if person.email:
        return EMAIL
    return None


def _due_enrollments(
    project_settings: ProjectSurveySettings, today: datetime.date
) -> list[tuple[Enrollment, str]]:
    """``[(enrollment, occasion)]`` of one project that should get an automatic link today."""
    due: list[tuple[Enrollment, str]] = []
    window = datetime.timedelta(days=SEND_WINDOW_DAYS)
    base = Enrollment.objects.filter(counted_q(), project_id=project_settings.project_id).select_related(
        "person", "project"
    )
    if project_settings.send_at_exit:
        made = SurveyLink.objects.filter(enrollment_id=OuterRef("pk"), occasion=Occasion.EXIT)
        due += [
            (e, Occasion.EXIT)
            for e in base.filter(end_date__gte=today - window, end_date__lte=today)
            .exclude(Exists(made))
            .order_by("pk")
        ]
    if project_settings.later_days:
        later = datetime.timedelta(days=project_settings.later_days)
        made = SurveyLink.objects.filter(enrollment_id=OuterRef("pk"), occasion=Occasion.LATER)
        due += [
            (e, Occasion.LATER)
            for e in base.filter(end_date__gte=today - later - window, end_date__lte=today - later)
            .exclude(Exists(made))
            .order_by("pk")
        ]
    return due


def _due_course_links(today: datetime.date) -> list[tuple[Enrollment, CourseEvaluation]]:
    """``[(enrollment, evaluation)]`` that should get a course evaluation's link today.

    An occasion (with dates) is due in the days after it ends, for every enrolment whose
    participation in the intervention overlapped it; an evaluation of the intervention itself
    (no dates) is due in the days after each participation ends. One query per evaluation.
    """
    window = datetime.timedelta(days=SEND_WINDOW_DAYS)
    evaluations = (
        CourseEvaluation.objects.filter(active=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today - window, ends_on__lte=today))
        .select_related("survey", "intervention")
        .order_by("pk")
    )
    due: list[tuple[Enrollment, CourseEvaluation]] = []
    for evaluation in evaluations:
        took_part = ParticipantIntervention.objects.filter(
            enrollment_id=OuterRef("pk"), intervention_id=evaluation.intervention_id
        )
        if evaluation.ends_on is None:
            took_part = took_part.filter(end_date__gte=today - window, end_date__lte=today)
        else:
            took_part = took_part.filter(start_date__lte=evaluation.ends_on).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=evaluation.starts_on)
            )
        made = SurveyLink.objects.filter(enrollment_id=OuterRef("pk"), course_evaluation=evaluation)
        due += [
            (enrollment, evaluation)
            for enrollment in Enrollment.objects.filter(counted_q(), Exists(took_part))
            .exclude(Exists(made))
            .select_related("person", "project")
            .order_by("pk")
        ]
    return due


def _send_automatic(enrollment: Enrollment, now: datetime.datetime, **link: Any) -> str:
    """Make and send one automatic link; ``"sent"``, ``"failed"`` or ``"no_contact"``."""
    person = enrollment.person
    channel = _channel_for(person)
    if channel is None:
        return "no_contact"
    language = person.language if person.language in participant_language_codes() else settings.LANGUAGE_CODE
    try:
        with transaction.atomic():  # a failed send leaves no link behind, so the next run retries
            made, raw = create_link(None, enrollment, language=language, channel=channel, now=now, **link)
            send_link(None, made, link_url(raw))
    except ActionError:
        return "failed"
    return "sent"


def send_due(now: datetime.datetime) -> dict[str, int]:
    """Send automatic survey links: at exit, ``later_days`` after exit, and at the end of a course.

    Safe to run twice: an enrolment that already has a link for the occasion (or the course
    evaluation) is skipped. The raw token is made here, put into the message and forgotten; only
    its hash is stored. A person with neither mobile number nor e-mail is skipped (the
    coordinator's reminder still lists them for the exit survey).
    """
    today = timezone.localdate(now)
    summary = {"sent": 0, "failed": 0, "no_contact": 0}
    configured = ProjectSurveySettings.objects.filter(
        send_at_exit=True
    ) | ProjectSurveySettings.objects.filter(later_days__isnull=False)
    for project_settings in configured.order_by("pk"):
        for enrollment, occasion in _due_enrollments(project_settings, today):
            summary[_send_automatic(enrollment, now, occasion=occasion)] += 1
    for enrollment, evaluation in _due_course_links(today):
        summary[_send_automatic(enrollment, now, course_evaluation=evaluation)] += 1
    return summary


# --- Course evaluations --------------------------------------------------------------------------

MAX_NAME = 200


@transaction.atomic
def create_course_evaluation(
    user: "Actor",
    intervention: Intervention,
    *,
    survey: Survey | None,
    name: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    mode: str = Mode.ANONYMOUS,
) -> CourseEvaluation:
    """Ask ``survey`` at the end of ``intervention``: of every participation, or of one occasion (dates)."""
    require(user, CHANGE, intervention.project)
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if survey is None or not survey.is_active:
        errors["survey"] = [_("Enkät: välj en enkät som är i bruk.")]
    if mode not in Mode.values:
        errors["mode"] = [_("Svar: välj anonyma svar eller svar med namn.")]
    if len(name) > MAX_NAME:
        errors["name"] = [_("Kurstillfälle: skriv högst %(max)s tecken.") % {"max": MAX_NAME}]
    if (starts_on is None) != (ends_on is None):
        field = "ends_on" if ends_on is None else "starts_on"
        errors[field] = [_("Ange både första och sista dag för tillfället, eller ingen av dem.")]
    elif starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("Tillfället slutar: dagen kan inte vara före den dag tillfället börjar.")]
    if errors or survey is None:
        raise ActionError(errors)
    evaluation = CourseEvaluation.objects.create(
        intervention=intervention, survey=survey, name=name, starts_on=starts_on, ends_on=ends_on, mode=mode
    )
    values = {
        "intervention": intervention.pk,
        "survey": survey.pk,
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "mode": mode,
    }
    record(user, AuditAction.CREATE, evaluation, changes=diff({}, values))
    return evaluation
