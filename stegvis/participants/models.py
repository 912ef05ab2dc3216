"""Persons, their references in each organisation, and their enrolments in projects.

A :class:`Person` is one real individual and is counted once however many enrolments they
have; an :class:`Enrollment` is one period in one project. Every query for these goes
through ``.restrict(user, action)`` (see :mod:`stegvis.core.access`); writes go through
:mod:`stegvis.participants.actions`.
"""

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from stegvis.core.models import CreatedAtModel, Record
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants import ages
from stegvis.participants.municipalities import municipality_name

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Gender(models.TextChoices):
    K = "K", _("Kvinna")
    M = "M", _("Man")
    X = "X", _("Annat/ej angivet")


class ContactPreference(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-post")
    PHONE = "phone", _("Telefon")
    RELATIVE = "relative", _("Via anhörig")
    GUARDIAN = "guardian", _("Via god man")


class EducationLevel(models.IntegerChoices):
    """ISCED 2011 levels; ESF+ reports them as 0-2, 3-4 and 5-8."""

    ISCED0 = 0, _("Ingen eller kort skolgång (ISCED 0)")
    ISCED1 = 1, _("Grundskola lågstadium/mellanstadium (ISCED 1)")
    ISCED2 = 2, _("Grundskola (ISCED 2)")
    ISCED3 = 3, _("Gymnasium (ISCED 3)")
    ISCED4 = 4, _("Eftergymnasial utbildning under 2 år (ISCED 4)")
    ISCED5 = 5, _("Eftergymnasial utbildning 2 år eller mer (ISCED 5)")
    ISCED6 = 6, _("Kandidatexamen (ISCED 6)")
    ISCED7 = 7, _("Masterexamen (ISCED 7)")
    ISCED8 = 8, _("Forskarutbildning (ISCED 8)")


class Referrer(models.TextChoices):
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    FORSORJNINGSSTOD = "forsorjningsstod", _("Försörjningsstöd")
    SOCIALTJANST = "socialtjanst", _("Socialtjänsten")
    KAA = "kaa", _("Kommunala aktivitetsansvaret (KAA)")
    SKOLA = "skola", _("Skola")
    VARD = "vard", _("Hälso- och sjukvård")
    EGENREMISS = "egenremiss", _("Egenremiss")
    ANNAN = "annan", _("Annan")


class IntakeChannel(models.TextChoices):
    REMISS = "remiss", _("Remiss från anvisare")
    EGENREMISS = "egenremiss", _("Egenremiss/intresseanmälan")
    OPPET_INTAG = "oppet_intag", _("Öppet intag")
    UPPSOKANDE = "uppsokande", _("Uppsökande arbete")
    ANNAN = "annan", _("Annan väg")


class ExitReason(models.TextChoices):
    ARBETE = "arbete", _("Arbete")
    STUDIER = "studier", _("Studier")
    ARBETSMARKNADSUTBILDNING = "arbetsmarknadsutbildning", _("Arbetsmarknadsutbildning")
    ANNAN_INSATS = "annan_insats", _("Annan insats")
    ARBETSFORMEDLINGEN = "arbetsformedlingen", _("Åter till Arbetsförmedlingen")
    SJUKDOM_VARD = "sjukdom_vard", _("Sjukdom/vård/behandling")
    FLYTT = "flytt", _("Flytt")
    FORALDRALEDIGHET = "foraldraledighet", _("Föräldraledighet")
    INGEN_KONTAKT = "ingen_kontakt", _("Ingen kontakt")
    AVBROTT = "avbrott", _("Avbrott")
    ANNAT = "annat", _("Annat")
    # Not an exit at all: the enrolment should never have been made. It is kept (and its
    # history audited) but left out of every figure (docs/reports.md, "Felregistrering").
    FELREGISTRERING = "felregistrering", _("Felregistrering (räknas inte)")


WORK_OR_STUDIES = (ExitReason.ARBETE, ExitReason.STUDIER, ExitReason.ARBETSMARKNADSUTBILDNING)

# The reasons the figures count by: every real exit. A registration in error is no exit.
COUNTED_EXIT_REASONS = tuple(r for r in ExitReason.values if r != ExitReason.FELREGISTRERING)


def counted_q(prefix: str = "") -> models.Q:
    """Enrolments that count: not ended as registered in error (``prefix`` reaches them by a relation).

    Such an enrolment stays in the register with its history, but no figure, follow-up after exit
    or exit survey takes it (docs/reports.md, "Felregistrering").
    """
    return ~models.Q(**{f"{prefix}exit_reason": ExitReason.FELREGISTRERING})


class NextActor(models.TextChoices):
    """Who takes over after the exit (nästa aktör), so a hand-over is never lost."""

    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    SOCIALTJANST = "socialtjanst", _("Socialtjänsten")
    VARD = "vard", _("Hälso- och sjukvården")
    KAA = "kaa", _("Kommunala aktivitetsansvaret (KAA)")
    UTBILDNING = "utbildning", _("Skola eller utbildningsanordnare")
    ARBETSGIVARE = "arbetsgivare", _("Arbetsgivare")
    ANNAN_INSATS = "annan_insats", _("Annat projekt eller annan insats")
    INGEN = "ingen", _("Ingen (klarar sig själv)")
    ANNAN = "annan", _("Annan")


class IncomeSource(models.TextChoices):
    """Main source of income, as SUS asks at start and at exit."""

    ARBETSLOSHETSERSATTNING = "arbetsloshetsersattning", _("Arbetslöshetsersättning (a-kassa)")
    AKTIVITETSSTOD = "aktivitetsstod", _("Aktivitetsstöd/utvecklingsersättning")
    ETABLERINGSERSATTNING = "etableringsersattning", _("Etableringsersättning")
    SJUKPENNING = "sjukpenning", _("Sjukpenning/rehabiliteringspenning")
    AKTIVITETSERSATTNING = "aktivitetsersattning", _("Aktivitetsersättning")
    SJUKERSATTNING = "sjukersattning", _("Sjukersättning")
    FORSORJNINGSSTOD = "forsorjningsstod", _("Försörjningsstöd")
    LON = "lon", _("Lön/egen försörjning")
    STUDIEMEDEL = "studiemedel", _("Studiemedel")
    INGEN_OFFENTLIG = "ingen_offentlig", _("Ingen offentlig försörjning (t.ex. föräldrapenning, pension)")
    OKAND = "okand", _("Okänd")


PUBLIC_SUPPORT = (
    IncomeSource.ARBETSLOSHETSERSATTNING,
    IncomeSource.AKTIVITETSSTOD,
    IncomeSource.ETABLERINGSERSATTNING,
    IncomeSource.SJUKPENNING,
    IncomeSource.AKTIVITETSERSATTNING,
    IncomeSource.SJUKERSATTNING,
    IncomeSource.FORSORJNINGSSTOD,
)


class Occupation(models.TextChoices):
    """Occupation, as SUS asks; labour-market training counts as studies."""

    ARBETE = "arbete", _("Arbete")
    STUDIER = "studier", _("Studier (inkl. arbetsmarknadsutbildning)")
    ARBETSSOKANDE = "arbetssokande", _("Arbetssökande")
    INGEN = "ingen", _("Ingen sysselsättning")


# How the ESF+ labour-market status at entry reads the SUS occupation (docs/sus-esf.md): one
# question answered once, so SUS and the ESF+ indicators always agree.
ESF_EMPLOYED = (Occupation.ARBETE,)
ESF_UNEMPLOYED = (Occupation.ARBETSSOKANDE,)
ESF_INACTIVE = (Occupation.STUDIER, Occupation.INGEN)
# Long-term unemployed (EU definition): more than 12 months in a row, more than 6 under age 25.
LONG_TERM_UNEMPLOYED_MONTHS = 12
LONG_TERM_UNEMPLOYED_MONTHS_YOUNG = 6
YOUNG_AGE_LIMIT = 25
# Asked only where the person agrees; None means not answered or declined.
ESF_VOLUNTARY_FIELDS = (
    "disability",
    "third_country_national",
    "foreign_origin",
    "minority",
    "housing_exclusion",
    "rural_area",
)
# Where the person was born and which country they are a citizen of (ISO 3166 codes): asked for
# the ESF+ and AMIF participant data, under the same consent as the questions above.
ESF_COUNTRY_FIELDS = ("country_of_birth", "citizenship")
# Everything stored only with the person's consent to the voluntary data (docs/sus-esf.md).
ESF_CONSENT_FIELDS = ESF_VOLUNTARY_FIELDS + ESF_COUNTRY_FIELDS
# Citizens of these (the EU, the EEA and Switzerland) are not third-country nationals.
EU_EEA_CH = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK IS LI NO CH".split()
)


class Person(Record):
    """One real individual.

    ``personnummer`` is stored normalised to 12 digits and is unique. Without it the person is
    anonymous (birth year only, as SUS registers people without consent). With
    ``protected_identity`` the number is never stored at all: only the birth date derived
    from it is kept.
    """

    personnummer = models.CharField(_("personnummer"), max_length=12, null=True, blank=True, unique=True)
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    first_name = models.CharField(_("förnamn"), max_length=100, blank=True)
    last_name = models.CharField(_("efternamn"), max_length=100, blank=True)
    birth_date = models.DateField(_("födelsedatum"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"))
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices)
    home_municipality = models.CharField(
        _("hemkommun"),
        max_length=100,
        blank=True,
        help_text=_("SCB:s fyrsiffriga kommunkod, t.ex. 1384 för Kungsbacka."),
    )
    language = models.CharField(
        _("föredraget språk"), max_length=8, blank=True, help_text=_("ISO 639-kod, t.ex. sv, ar, prs, so, ti")
    )
    interpreter_needed = models.BooleanField(_("behöver tolk"), null=True, blank=True)
    contact_preference = models.CharField(
        _("kontaktväg"), max_length=16, choices=ContactPreference.choices, blank=True
    )
    phone = models.CharField(_("telefon"), max_length=32, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    education_level = models.PositiveSmallIntegerField(
        _("utbildningsnivå"), choices=EducationLevel.choices, null=True, blank=True
    )
    registered_by = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="registered_persons",
        verbose_name=_("registrerad av"),
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        help_text="Set when this record was merged into another; the record is then kept only for history.",
    )
    # Set when the identity was removed (retention or erasure, see docs/privacy.md): the row stays
    # with gender, birth year, municipality and enrolments so every report figure is unchanged.
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)
    # A hint for the coordinators' intake (``participants/access.py::person_q``): True until the
    # person's first enrolment, so the persons an organisation registered and nobody has enrolled
    # yet are read from a tiny partial index instead of probing every enrolment of thousands of
    # registered persons. The rule still checks that no enrolment exists, so a stale True costs
    # only time, never a wrong answer. It is set False only in the transaction that writes an
    # enrolment of the person (:func:`stegvis.participants.actions.mark_enrolled`), and set True
    # again when a merge moves every enrolment away; enrolments are never deleted (anonymisation
    # keeps them), so False always means "has an enrolment".
    not_yet_enrolled = models.BooleanField(
        _("ännu inte inskriven"), default=True, db_default=True, editable=False
    )

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        indexes = [
            # The participant list's order, to the last tie (the id): the first page of a
            # million persons is read from the index without sorting (anonymous persons share
            # one empty name, tens of thousands of ties).
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order"),
            models.Index(fields=["birth_year"]),
            # The persons an organisation registered (a coordinator sees those not enrolled yet,
            # ``participants/access.py::person_q``), their ids read from the index alone.
            models.Index(fields=["registered_by", "id"], name="person_registered_by_id"),
            # The same for only the persons not enrolled yet (``not_yet_enrolled``): a few
            # entries per organisation instead of the thousands it has registered.
            models.Index(
                fields=["registered_by", "id"],
                condition=models.Q(not_yet_enrolled=True),
                name="person_intake",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(protected_identity=True) | models.Q(personnummer__isnull=True),
                name="protected_identity_has_no_number",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.anonymised_at is not None:
            return str(_("Anonymiserad deltagare"))
        name = f"{self.first_name} {self.last_name}".strip()
        return name or _("Deltagare %(id)s") % {"id": self.pk}

    @property
    def home_municipality_name(self) -> str:
        """The home municipality as pages show it: its name, not the stored kommunkod."""
        return municipality_name(self.home_municipality)

    @property
    def is_anonymous(self) -> bool:
        return not self.personnummer and not self.protected_identity

    @property
    def personnummer_display(self) -> str:
        """What the UI may show: nothing for protected identities."""
        if self.protected_identity or not self.personnummer:
            return ""
        return f"{self.personnummer[:8]}-{self.personnummer[8:]}"

    def age_on(self, day: datetime.date) -> int:
        """Age on a date: from the birth date when known, else year difference (as the report spec says)."""
        return ages.age_on(self.birth_date, self.birth_year, day)


class ParticipantRef(models.Model):
    """An organisation's own reference for a person (``participant_ref`` in the exchange format)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="refs")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="participant_refs")
    ref = models.CharField(_("referens"), max_length=64)

    class Meta:
        verbose_name = _("deltagarreferens")
        constraints = [models.UniqueConstraint(fields=["organization", "ref"], name="participant_ref_unique")]
        # The participant list's search matches a reference whatever its case (``ref__iexact``).
        indexes = [models.Index(Upper("ref"), name="participant_ref_upper")]

    def __str__(self) -> str:
        return self.ref


class Enrollment(Record):
    """One period of one person in one project (inskrivning), ended by an exit (avslut)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("deltagare")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("projekt")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("inskrivande organisation"),
    )
    # Reports count gender "as registered at the enrolment's start" (SUS registers each insats
    # on its own), so the person's gender is copied here when the enrolment is made.
    gender = models.CharField(_("kön vid inskrivningen"), max_length=1, choices=Gender.choices)
    referrer = models.CharField(_("anvisare"), max_length=32, choices=Referrer.choices, blank=True)
    intake_channel = models.CharField(
        _("intagsväg"), max_length=32, choices=IntakeChannel.choices, blank=True
    )
    need_group = models.ForeignKey(
        NeedGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("behovsgrupp"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caseload",
        verbose_name=_("koordinator"),
    )
    start_date = models.DateField(_("startdatum"))
    # The person's age on the start date, stored so a report need not read a person per
    # enrolment; kept current by the writers (see participants/ages.py).
    age_at_start = models.SmallIntegerField(_("ålder vid inskrivningen"), editable=False)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    exit_reason = models.CharField(_("avslutsorsak"), max_length=32, choices=ExitReason.choices, blank=True)
    # The project's own name for the exit, when it has its own list; ``exit_reason`` then holds
    # the standard reason it maps to, which every figure counts by.
    project_exit_reason = models.ForeignKey(
        "ProjectExitReason",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("projektets avslutsorsak"),
    )
    next_actor = models.CharField(_("nästa aktör"), max_length=16, choices=NextActor.choices, blank=True)
    income_source_start = models.CharField(
        _("försörjning vid start"), max_length=32, choices=IncomeSource.choices, blank=True
    )
    occupation_start = models.CharField(
        _("sysselsättning vid start"), max_length=16, choices=Occupation.choices, blank=True
    )
    work_extent_start = models.PositiveSmallIntegerField(_("arbetstid vid start (%)"), null=True, blank=True)
    income_source_exit = models.CharField(
        _("försörjning vid avslut"), max_length=32, choices=IncomeSource.choices, blank=True
    )
    occupation_exit = models.CharField(
        _("sysselsättning vid avslut"), max_length=16, choices=Occupation.choices, blank=True
    )
    work_extent_exit = models.PositiveSmallIntegerField(_("arbetstid vid avslut (%)"), null=True, blank=True)
    # ESF+ common indicators (docs/sus-esf.md). Employed/unemployed/inactive at entry and the
    # situation on leaving come from occupation_start/occupation_exit, so SUS and ESF+ cannot
    # disagree; only what those fields cannot say is stored here.
    unemployed_months_start = models.PositiveSmallIntegerField(
        _("tid utan arbete vid start (månader)"),
        null=True,
        blank=True,
        help_text=_(
            "Hela månader i följd som arbetssökande fram till starten. Mer än 12 månader "
            "(mer än 6 för den som är under 25) räknas som långtidsarbetslös."
        ),
    )
    education_level_start = models.PositiveSmallIntegerField(
        _("utbildningsnivå vid start"),
        choices=EducationLevel.choices,
        null=True,
        blank=True,
        help_text=_(
            "Högsta avslutade utbildning när inskrivningen började. Tas från deltagarens uppgifter "
            "om den inte anges."
        ),
    )
    # Voluntary: answered only where the person agrees. None = not answered or declined.
    disability = models.BooleanField(_("funktionsnedsättning"), null=True, blank=True)
    third_country_national = models.BooleanField(_("medborgare i land utanför EU/EES"), null=True, blank=True)
    foreign_origin = models.BooleanField(_("utländsk bakgrund"), null=True, blank=True)
    minority = models.BooleanField(_("tillhör en minoritet"), null=True, blank=True)
    housing_exclusion = models.BooleanField(
        _("hemlös eller utestängd från bostadsmarknaden"), null=True, blank=True
    )
    rural_area = models.BooleanField(_("bor på landsbygden"), null=True, blank=True)
    country_of_birth = CountryField(_("födelseland"), blank=True)
    citizenship = CountryField(_("medborgarskap"), blank=True)
    gained_qualification = models.BooleanField(_("fick en kvalifikation"), null=True, blank=True)

    class Meta:
        verbose_name = _("inskrivning")
        verbose_name_plural = _("inskrivningar")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["project", "start_date"]),
            models.Index(fields=["project", "end_date"]),
            # An organisation's enrolments in a project in id order (a coordinator's list in the
            # API): the first page is read from the index and the scan stops there, without
            # reading and sorting the project's thousands of enrolments for the organisation.
            models.Index(fields=["organization", "project", "id"], name="enrollment_org_project_id"),
            # A project's ongoing enrolments in id order (the API's ``?project=…&active=true``, the
            # caseloads): a page is read from this small index, not found among the ended ones.
            models.Index(
                fields=["project", "id"],
                condition=models.Q(end_date__isnull=True),
                name="enrollment_active_project",
            ),
            # A coordinator's own enrolments in a project (start page, worklist, the list's
            # coordinator filter): without the project the lookup reads their other projects' too.
            models.Index(fields=["coordinator", "project"], name="enrollment_coordinator_project"),
            # A project's enrolments in id order with the columns the report counts by: every
            # grouped query of the report reads only this index (an index-only scan on
            # PostgreSQL), not ten thousand heap pages scattered over a million-row table, and
            # the progression rule's windows (partitioned by enrolment) need no sort.
            models.Index(
                fields=["project", "id"],
                include=[
                    "start_date",
                    "end_date",
                    "person",
                    "gender",
                    "age_at_start",
                    "exit_reason",
                    "project_exit_reason",
                    "next_actor",
                    "organization",
                    "referrer",
                    "intake_channel",
                    "need_group",
                    "coordinator",
                ],
                name="enrollment_project_report",
            ),
            # Who sees whom: the persons of the enrolments of a project (a leader), or of a
            # project for an organisation (a coordinator), read from the index alone. Every list
            # of persons, its count and its filters start from this set.
            models.Index(fields=["project", "organization", "person"], name="enrollment_visible_persons"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="enrollment_end_after_start",
            ),
            models.CheckConstraint(
                condition=(models.Q(end_date__isnull=True) & models.Q(exit_reason=""))
                | (models.Q(end_date__isnull=False) & ~models.Q(exit_reason="")),
                name="enrollment_exit_reason_iff_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.project}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save with the age at the start worked out from the person, whatever else changed."""
        self.age_at_start = self.person.age_on(self.start_date)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "age_at_start" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "age_at_start"]
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.end_date is None

    @property
    def voluntary_answers(self) -> "list[tuple[StrOrPromise, bool]]":
        """``[(label, True/False)]`` of the voluntary ESF+ questions that were answered."""
        return [
            (field_label(name), getattr(self, name))
            for name in ESF_VOLUNTARY_FIELDS
            if getattr(self, name) is not None
        ]

    def days_enrolled(self, on: datetime.date | None = None) -> int:
        end = self.end_date or on or datetime.date.today()
        return (end - self.start_date).days


class ProjectExitReason(models.Model):
    """A project's own exit reason ("åter till Försäkringskassan"), mapped to a standard one.

    The project's coordinators choose among these; SUS, ESF+ and every figure of the report count
    the standard reason, so a project can name its exits as it works and still report the same
    way as everyone else.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="exit_reasons")
    code = models.SlugField(_("kod"), max_length=64)
    label = models.CharField(_("benämning"), max_length=100)
    standard_reason = models.CharField(
        _("räknas som"),
        max_length=32,
        choices=[(value, label) for value, label in ExitReason.choices if value in COUNTED_EXIT_REASONS],
        help_text=_("Standardorsaken som rapporterna, SUS och ESF+ räknar avslutet som."),
    )
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(
        _("används"), default=True, help_text=_("En orsak som inte används kan inte väljas vid nya avslut.")
    )

    class Meta:
        ordering = ["position", "label"]
        verbose_name = _("projektets avslutsorsak")
        verbose_name_plural = _("projektets avslutsorsaker")
        constraints = [
            models.UniqueConstraint(fields=["project", "code"], name="project_exit_reason_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class ExitOutcome(models.Model):
    """One more outcome of an exit besides its reason (part-time work and studies, say)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="other_outcomes")
    outcome = models.CharField(
        _("utfall"),
        max_length=32,
        choices=[(value, label) for value, label in ExitReason.choices if value in COUNTED_EXIT_REASONS],
    )

    class Meta:
        ordering = ["outcome"]
        verbose_name = _("annat utfall vid avslut")
        verbose_name_plural = _("andra utfall vid avslut")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "outcome"], name="exit_outcome_unique"),
        ]

    def __str__(self) -> str:
        return self.outcome


class CoordinatorAssignment(CreatedAtModel):
    """History of who was the coordinator of an enrolment, and from when (continuity)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="coordinator_history")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_date = models.DateField(_("från och med"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["from_date", "pk"]
        indexes = [
            # An enrolment's history in date order with who it names: the report asks each
            # enrolment of a project for its coordinator on a date and its number of changes
            # (followup_figures.coordinators), each answered from this index alone, unsorted.
            models.Index(
                fields=["enrollment", "from_date", "id"], include=["coordinator"], name="assignment_history"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id} från {self.from_date}"


def field_label(name: str) -> "StrOrPromise":
    """The capitalised label of an enrolment field, as the forms and error messages show it."""
    field = cast("models.Field[Any, Any]", Enrollment._meta.get_field(name))
    return capfirst(field.verbose_name)
