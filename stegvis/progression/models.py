"""Progression (stegförflyttning): instruments as data, measurements, self-assessment links, language levels.

An :class:`Instrument` is a card of items on a scale (BIP's progression card, a SKAPA-like card,
...). The same items are answered from two perspectives: the participant's own
(``deltagare``) and the coordinator's (``handlaggare``), as BIP did, so the two can be drawn side
by side. Texts are Swedish in the rows and translated in :class:`InstrumentText`.

Once an instrument has answers it is not changed in ways that would change what earlier answers
mean: a new version (same code, higher ``version``) is made instead, and reports follow the code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import (
    CreatedAtModel,
    OneTimeLink,
    Record,
    RestrictedModel,
    TimestampedModel,
    TranslatedText,
    VersionedModel,
)


class Respondent(models.TextChoices):
    PARTICIPANT = "deltagare", _("Deltagare (självskattning)")
    STAFF = "handlaggare", _("Handläggare (bedömning)")


class Instrument(TimestampedModel):
    code = models.SlugField(_("kod"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    allow_dont_know = models.BooleanField(
        _("tillåt ”vet inte / vill inte svara”"),
        default=True,
        help_text=_("Ett sådant svar räknas som obesvarat."),
    )
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instrument")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})" if self.version > 1 else self.name


class Item(models.Model):
    """One question of an instrument, with its scale and what the ends of the scale mean.

    Every step can have words of its own (``step_labels``), so no two steps read alike; the
    ends keep ``low_label`` and ``high_label`` as the meaning of the scale.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(_("kod"), max_length=32)
    position = models.PositiveSmallIntegerField(_("ordning"))
    dimension = models.CharField(
        _("område (kort namn)"), max_length=60, help_text=_("Visas vid diagrammets axel.")
    )
    text = models.TextField(_("fråga till deltagaren"))
    help_text = models.TextField(
        _("förklaring till deltagaren"),
        blank=True,
        help_text=_("Visas under frågan. Bara om frågan behöver förklaras."),
    )
    staff_text = models.TextField(_("fråga till handläggaren"), blank=True)
    scale_min = models.SmallIntegerField(_("skalans minsta värde"), default=1)
    scale_max = models.SmallIntegerField(_("skalans största värde"), default=10)
    low_label = models.CharField(_("vad det lägsta värdet betyder"), max_length=200)
    mid_label = models.CharField(_("vad mitten betyder"), max_length=200, blank=True)
    high_label = models.CharField(_("vad det högsta värdet betyder"), max_length=200)
    # The words of each step strictly between the ends, lowest first (scale_min + 1 … scale_max - 1),
    # or empty: then the steps are described by the end and middle labels (see instruments/scale.py).
    step_labels = models.JSONField(_("ord för stegen mellan ändarna"), default=list, blank=True)

    class Meta:
        ordering = ["instrument", "position"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="item_code_unique"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="item_scale_valid"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.dimension}"


class InstrumentText(TranslatedText):
    """A translation of one text of an instrument or item.

    ``field`` names the translated attribute (``name``, ``description``, ``text``, ``dimension``,
    ``low_label`` ...); ``item`` is empty for the instrument's own texts.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="texts")
    item = models.ForeignKey(Item, null=True, blank=True, on_delete=models.CASCADE, related_name="texts")

    class Meta:
        verbose_name = _("översättning")
        verbose_name_plural = _("översättningar")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "item", "field", "language"], name="instrument_text_unique"
            ),
        ]


class ProjectProgressionSettings(VersionedModel):
    """A project's measurement plan; the threshold for 'unchanged' lives on the project itself."""

    project = models.OneToOneField(
        "organizations.Project", on_delete=models.CASCADE, related_name="progression_settings"
    )
    primary_instrument_code = models.SlugField(
        _("huvudinstrument"), max_length=64, default="progressionskort"
    )
    interval_months = models.PositiveSmallIntegerField(_("mät var … månad"), default=3)

    class Meta:
        verbose_name = _("mätplan")

    def __str__(self):
        return f"{self.project_id}: {self.primary_instrument_code}"


class Source(models.TextChoices):
    MEETING = "meeting", _("Tillsammans i mötet")
    PAPER = "paper", _("Från papperskort")
    SELF_LINK = "self_link", _("Deltagarens egen telefon")
    IMPORT = "import", _("Import")


class Measurement(Record):
    """One answered card: one enrolment, one instrument, one perspective, one date."""

    enrollment = models.ForeignKey(
        "participants.Enrollment",
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("inskrivning"),
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="measurements")
    respondent = models.CharField(_("vem svarar"), max_length=16, choices=Respondent.choices)
    date = models.DateField(_("datum"))
    source = models.CharField(_("hur"), max_length=16, choices=Source.choices, default=Source.MEETING)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("språk"), max_length=8, blank=True)
    # The score, stored because every report asks for it: the sum and the number of the answered
    # items (a "vet inte" answer is not answered); the score is their quotient. Kept current by
    # ``stegvis.progression.scoring.refresh_scores`` wherever answers are written.
    answered_sum = models.IntegerField(default=0, editable=False)
    answered_count = models.SmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["enrollment", "date", "pk"]
        verbose_name = _("mätning")
        verbose_name_plural = _("mätningar")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "instrument", "respondent", "date"], name="measurement_unique_per_day"
            )
        ]
        indexes = [
            # An enrolment's cards of one respondent in date order, carrying what the progression
            # rule needs (instrument and stored score): the rule reads only this index.
            models.Index(
                fields=["enrollment", "respondent", "date", "id"],
                include=["instrument", "answered_sum", "answered_count"],
                name="measurement_rule",
            )
        ]

    def __str__(self):
        return f"{self.instrument_id} {self.date}"


class Answer(RestrictedModel):
    """One item's answer; ``value`` is empty for 'vet inte / vill inte svara' (counts as not answered)."""

    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("värde"), null=True, blank=True)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [models.UniqueConstraint(fields=["measurement", "item"], name="answer_unique_per_item")]

    def __str__(self):
        return f"{self.measurement_id}/{self.item_id}"


class SelfAssessmentLink(OneTimeLink):
    """A one-time link a participant opens on their own phone to answer a card.

    The link expires, and can be used to send answers once (``used_at``). Until then the answers
    given so far wait on the link itself (``draft_answers``), so the participant can close the
    tab and go on later from where they were.
    """

    enrollment = models.ForeignKey(
        "participants.Enrollment", on_delete=models.CASCADE, related_name="self_links"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    measurement = models.OneToOneField(
        Measurement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Answers given but not yet sent ({item code: value, or None for "vet inte"}), kept so a closed
    # tab or a lost connection loses nothing. Personal data: emptied when the answers are sent,
    # when the link has expired (the retention run) and when the link is voided.
    draft_answers = models.JSONField(_("svar som inte är skickade"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("svar senast sparade"), null=True, blank=True)

    class Meta:
        verbose_name = _("självskattningslänk")

    def __str__(self):
        return f"{self.enrollment_id} {self.created_at:%Y-%m-%d}" if self.created_at else str(self.pk)


class Framework(models.TextChoices):
    SFI = "sfi", _("SFI (kurs A–D)")
    CEFR = "cefr", _("GERS/CEFR (A1–C2)")


LEVELS: dict[str, list[str]] = {
    Framework.SFI: ["A", "B", "C", "D"],
    Framework.CEFR: ["A1", "A2", "B1", "B2", "C1", "C2"],
}


class LanguageLevel(CreatedAtModel, RestrictedModel):
    """A person's Swedish level on a date (SFI course or CEFR level); steps are counted per framework."""

    person = models.ForeignKey(
        "participants.Person", on_delete=models.CASCADE, related_name="language_levels"
    )
    date = models.DateField(_("datum"))
    framework = models.CharField(_("ramverk"), max_length=8, choices=Framework.choices)
    level = models.CharField(_("nivå"), max_length=4)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["person", "date"]
        verbose_name = _("språknivå")
        verbose_name_plural = _("språknivåer")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "framework", "date"], name="language_level_unique_per_day"
            )
        ]

    def __str__(self):
        return f"{self.framework} {self.level} {self.date}"

    @property
    def rank(self):
        return LEVELS[self.framework].index(self.level)
