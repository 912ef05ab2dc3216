"""Surveys (enkäter) as data: templates, project settings, one-time links and answers.

A :class:`Survey` is a template of questions, like an instrument of the progression app:
agreement statements on a fixed five-step scale (with words for every step and "vet inte") and
free-text questions. Texts are Swedish in the rows and translated in :class:`SurveyText`.
Once a survey has answers it is not changed in ways that would change what they mean: a new
version (same code, higher ``version``) is made instead, and results follow the statement codes.

Anonymity is a property of the tables, not of the pages (docs/surveys.md):

- :class:`SurveyLink` belongs to an enrolment (it is personal data) and records only *that* it
  was answered, in which month.
- :class:`CourseEvaluation` asks a survey at the end of a course (an intervention, or one occasion
  of it); its links and responses carry it, so its results are counted apart from the exit survey's.
- :class:`SurveyResponse` of an anonymous survey has no reference to the link, the enrolment or
  the person, a random UUID as key (no sequence that orders it next to the link), and no
  timestamp but the month. Its answers have random keys too. A named response references the
  enrolment.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import OneTimeLink, RestrictedModel, TimestampedModel, TranslatedText, VersionedModel

EXIT_SURVEY_CODE = "slutenkat"


class QuestionKind(models.TextChoices):
    STATEMENT = "statement", _("Påstående (stämmer inte alls – stämmer helt)")
    TEXT = "text", _("Fritext")


class Mode(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonym")
    NAMED = "named", _("Med namn")


class Occasion(models.TextChoices):
    EXIT = "exit", _("Vid avslut")
    LATER = "later", _("En tid efter avslut")
    MANUAL = "manual", _("Skapad av personal")
    COURSE_END = "course_end", _("Vid kursens slut")


class Survey(TimestampedModel):
    code = models.SlugField(_("kod"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("inledning till deltagaren"), blank=True)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("enkät")
        verbose_name_plural = _("enkäter")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="survey_code_version_unique")]

    def __str__(self):
        return f"{self.name} (v{self.version})" if self.version > 1 else self.name


class Question(models.Model):
    """One statement or free-text question; ``code`` is stable across versions (results follow it)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("kod"), max_length=40)
    position = models.PositiveSmallIntegerField(_("ordning"))
    kind = models.CharField(_("typ"), max_length=16, choices=QuestionKind.choices)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["survey", "position"]
        verbose_name = _("enkätfråga")
        verbose_name_plural = _("enkätfrågor")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code_unique")]

    def __str__(self):
        return f"{self.code}: {self.text}"

    @property
    def is_statement(self):
        return self.kind == QuestionKind.STATEMENT


class SurveyText(TranslatedText):
    """A translation of the survey's name or description (``question`` empty) or of a question's text.

    The participant's page says so when the translation ``needs_review``.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="texts")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="texts"
    )

    class Meta:
        verbose_name = _("enkätöversättning")
        verbose_name_plural = _("enkätöversättningar")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "question", "field", "language"], name="survey_text_unique"
            ),
        ]


class ProjectSurveySettings(VersionedModel):
    """How a project asks its exit survey: which survey, anonymous or named, sent when."""

    project = models.OneToOneField(
        "organizations.Project", on_delete=models.CASCADE, related_name="survey_settings"
    )
    exit_survey = models.ForeignKey(
        Survey,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("slutenkät"),
    )
    mode = models.CharField(_("svar"), max_length=16, choices=Mode.choices, default=Mode.ANONYMOUS)
    send_at_exit = models.BooleanField(_("skicka automatiskt vid avslut"), default=False)
    later_days = models.PositiveSmallIntegerField(_("skicka igen efter antal dagar"), null=True, blank=True)

    class Meta:
        verbose_name = _("enkätinställningar")

    def __str__(self):
        return f"{self.project_id}"


class CourseEvaluation(VersionedModel, TimestampedModel):
    """A survey asked at the end of a course: of one catalogue intervention, or of one occasion of it.

    Without dates every participant of the intervention is asked when their own participation
    ends. With dates (a *kurstillfälle*, e.g. the spring's "Digitalt för alla") the participants
    whose participation overlapped the period are asked once, when the period ends. Results are
    counted per evaluation (occasion) and per intervention (course); docs/surveys.md.
    """

    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("insats"),
    )
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+", verbose_name=_("enkät"))
    name = models.CharField(_("kurstillfälle"), max_length=200, blank=True)
    starts_on = models.DateField(_("tillfället börjar"), null=True, blank=True)
    ends_on = models.DateField(_("tillfället slutar"), null=True, blank=True)
    mode = models.CharField(_("svar"), max_length=16, choices=Mode.choices, default=Mode.ANONYMOUS)
    active = models.BooleanField(_("skicka länkar"), default=True)

    class Meta:
        verbose_name = _("kursutvärdering")
        verbose_name_plural = _("kursutvärderingar")
        ordering = ["intervention", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True, ends_on__isnull=True)
                | models.Q(starts_on__isnull=False, ends_on__gte=models.F("starts_on")),
                name="course_evaluation_period",
            ),
        ]

    def __str__(self):
        return f"{self.intervention_id} {self.name}".strip()


class SurveyLink(OneTimeLink):
    """A one-time link to a survey for one enrolment.

    ``answered_month`` (the first day of the month) is all the link knows of the answer: the
    response itself is not referenced when the survey is anonymous.
    """

    enrollment = models.ForeignKey(
        "participants.Enrollment", on_delete=models.CASCADE, related_name="survey_links"
    )
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("svar"), max_length=16, choices=Mode.choices)
    occasion = models.CharField(
        _("tillfälle"), max_length=16, choices=Occasion.choices, default=Occasion.MANUAL
    )
    # Redeclared: a default rather than set on save (so it can be given), and labelled.
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    answered_month = models.DateField(_("besvarad (månad)"), null=True, blank=True)
    course_evaluation = models.ForeignKey(
        CourseEvaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )

    class Meta:
        verbose_name = _("enkätlänk")
        verbose_name_plural = _("enkätlänkar")
        indexes = [models.Index(fields=["enrollment", "occasion"])]
        constraints = [
            # One link per enrolment and course evaluation: the worker asks each participant once.
            models.UniqueConstraint(
                fields=["course_evaluation", "enrollment"],
                condition=models.Q(course_evaluation__isnull=False),
                name="survey_link_once_per_course_evaluation",
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} {self.mode}"

    @property
    def is_answered(self):
        return self.answered_month is not None


class SurveyResponse(RestrictedModel):
    """One person's answers. Anonymous: no link, no enrolment, no person, no time finer than the month."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    project = models.ForeignKey("organizations.Project", on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(_("svar"), max_length=16, choices=Mode.choices)
    month = models.DateField(_("månad"))  # the first day of the month the answers were sent
    enrollment = models.ForeignKey(
        "participants.Enrollment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_responses",
    )
    # The course evaluation answered (empty: the project's exit survey). An anonymous response
    # knows its occasion, as it knows its project: never the link, the enrolment or the person.
    course_evaluation = models.ForeignKey(
        CourseEvaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )

    class Meta:
        verbose_name = _("enkätsvar")
        verbose_name_plural = _("enkätsvar")
        # Never ordered by anything that follows the order of answering.
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mode="named", enrollment__isnull=False)
                | models.Q(mode="anonymous", enrollment__isnull=True),
                name="survey_response_anonymous_has_no_enrollment",
            ),
        ]
        indexes = [models.Index(fields=["project", "month"])]

    def __str__(self):
        return f"{self.survey_id} {self.month:%Y-%m}"


class SurveyAnswer(RestrictedModel):
    """One answer: a step 1–5 of a statement, "vet inte" (``dont_know``), or a free text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    dont_know = models.BooleanField(default=False)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("enkätsvar på fråga")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                name="survey_answer_value_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"
