"""Contacts with participants, meetings of all actors around one person, and support after a start.

Three things coordinators record during a working day:

- :class:`Contact`: one contact with the participant (a meeting, a call, a walk-and-talk ...)
  within an enrolment. The contacts log is what continuity and contact frequency are measured on.
- :class:`NetworkMeeting`: a SIP or network meeting, with the actors present and the decisions
  taken, because the seeds' way of working is several actors around one person in parallel.
- :class:`SupportPeriod` and :class:`SupportFollowUp`: supported employment or education after a
  job or study start. The period comes from an enrolment but is counted on its own and may run on
  long after the exit, for as long as the person wants; ending it is an explicit step.

Every row belongs to an enrolment (directly or through its support period), so the enrolment's
access rule decides who sees it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import Record, RecordedByModel, RestrictedModel
from stegvis.participants.models import Enrollment


class Channel(models.TextChoices):
    MOTE = "mote", _("Möte")
    HEMBESOK = "hembesok", _("Hembesök")
    WALK_AND_TALK = "walk_and_talk", _("Walk-and-talk")
    TELEFON = "telefon", _("Telefon")
    VIDEO = "video", _("Video")
    SMS = "sms", _("SMS")
    EPOST = "epost", _("E-post")


class MeetingKind(models.TextChoices):
    SIP = "sip", _("SIP (samordnad individuell plan)")
    NATVERKSMOTE = "natverksmote", _("Nätverksmöte")
    TREPARTSMOTE = "trepartsmote", _("Trepartsmöte")
    AVSTAMNINGSMOTE = "avstamningsmote", _("Avstämningsmöte")


class Actor(models.TextChoices):
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    SOCIALTJANST = "socialtjanst", _("Socialtjänsten")
    REGION = "region", _("Region/hälso- och sjukvård")
    SKOLA = "skola", _("Skola")
    ARBETSGIVARE = "arbetsgivare", _("Arbetsgivare")
    ANHORIG = "anhorig", _("Anhörig")
    ANNAN = "annan", _("Annan aktör")


class SupportKind(models.TextChoices):
    EMPLOYMENT = "supported_employment", _("Stöd i arbete (supported employment)")
    EDUCATION = "supported_education", _("Stöd i studier (supported education)")


class SupportEndReason(models.TextChoices):
    NOT_NEEDED = "behovs_inte", _("Stödet behövs inte längre")
    DECLINED = "vill_inte", _("Personen vill inte ha mer stöd")
    STOPPED = "upphorde", _("Arbetet eller studierna upphörde")
    MOVED = "flytt", _("Flytt")
    OTHER = "annat", _("Annat")


class Contact(Record, RecordedByModel):
    """One contact with the participant within an enrolment."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("inskrivning")
    )
    contact_date = models.DateField(_("datum"))
    contact_time = models.TimeField(_("tid"), null=True, blank=True)
    channel = models.CharField(_("kontaktform"), max_length=16, choices=Channel.choices)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("personal som deltog")
    )
    other_participants = models.CharField(_("andra som deltog"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("längd (minuter)"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["-contact_date", "-contact_time", "-pk"]
        indexes = [models.Index(fields=["enrollment", "contact_date"])]

    def __str__(self):
        return f"{self.contact_date} {self.get_channel_display()}"


class NetworkMeeting(Record, RecordedByModel):
    """A SIP, network, three-party or check-in meeting about one person's enrolment."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="network_meetings", verbose_name=_("inskrivning")
    )
    meeting_date = models.DateField(_("datum"))
    kind = models.CharField(_("typ av möte"), max_length=20, choices=MeetingKind.choices)
    actor_names = models.CharField(
        _("namn på deltagarna"),
        max_length=500,
        blank=True,
        help_text=_("T.ex. handläggare på AF, kontaktperson på vårdcentralen."),
    )
    decisions = models.JSONField(_("beslut"), default=list, blank=True)
    next_meeting_date = models.DateField(_("nästa möte"), null=True, blank=True)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("SIP eller nätverksmöte")
        verbose_name_plural = _("SIP och nätverksmöten")
        ordering = ["-meeting_date", "-pk"]
        indexes = [models.Index(fields=["enrollment", "meeting_date"])]

    def __str__(self):
        return f"{self.meeting_date} {self.get_kind_display()}"

    def actor_labels(self):
        """The actors present, in the order of :class:`Actor` (uses the prefetched rows)."""
        present = {a.actor for a in self.actors.all()}
        return [label for value, label in Actor.choices if value in present]


class MeetingActor(RestrictedModel):
    """One kind of actor present at a meeting (a row each, so meetings can be counted by actor)."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="actors")
    actor = models.CharField(_("aktör"), max_length=16, choices=Actor.choices)

    class Meta:
        verbose_name = _("aktör på mötet")
        verbose_name_plural = _("aktörer på mötet")
        constraints = [models.UniqueConstraint(fields=["meeting", "actor"], name="meeting_actor_once")]

    def __str__(self):
        return f"{self.meeting_id}: {self.actor}"


class SupportPeriod(Record, RecordedByModel):
    """Supported employment or education after a job or study start, for as long as the person wants."""

    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="support_periods",
        verbose_name=_("inskrivningen stödet kom från"),
    )
    kind = models.CharField(_("typ av stöd"), max_length=24, choices=SupportKind.choices)
    started_on = models.DateField(_("start i arbete eller studier"))
    place = models.CharField(_("arbetsgivare eller skola"), max_length=200)
    role = models.CharField(_("yrke eller utbildning"), max_length=200, blank=True)
    note = models.TextField(_("anteckning"), blank=True)
    ended_on = models.DateField(_("stödet avslutat"), null=True, blank=True)
    end_reason = models.CharField(
        _("anledning till avslut"), max_length=16, choices=SupportEndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("stödperiod")
        verbose_name_plural = _("stödperioder")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(ended_on__isnull=True) & models.Q(end_reason=""))
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="support_period_end_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="support_period_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.place}"

    @property
    def is_open(self):
        return self.ended_on is None


class SupportFollowUp(Record, RecordedByModel):
    """One follow-up within a support period: a visit at the workplace, a call, a message ..."""

    period = models.ForeignKey(
        SupportPeriod, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("stödperiod")
    )
    followed_up_on = models.DateField(_("datum"))
    channel = models.CharField(_("kontaktform"), max_length=16, choices=Channel.choices)
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("uppföljning i stödperiod")
        verbose_name_plural = _("uppföljningar i stödperiod")
        ordering = ["-followed_up_on", "-pk"]
        indexes = [models.Index(fields=["period", "followed_up_on"])]

    def __str__(self):
        return f"{self.followed_up_on} {self.get_channel_display()}"
