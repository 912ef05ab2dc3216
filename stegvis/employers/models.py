"""The employer register: workplaces an organisation works with, their contact persons, agreements
and the log of contacts with them.

Each organisation keeps its own register (a municipality's labour-market unit and Arbetsförmedlingen
each know their own employers), so an employer belongs to one organisation and only that
organisation's staff see it (:mod:`stegvis.employers.access`). Praktik and arbetsträning placements
link to an employer (``interventions.Placement.employer``), which is what lets the "what works"
figures count placements and jobs per employer and per industry.

Contact persons are personal data of the employer side (a name, a phone number), so every model
here has a restricted manager and reading an employer's page is audited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel, Record, RestrictedModel, staff_reference
from stegvis.organizations.models import Organization


class Industry(models.TextChoices):
    """The 21 sections (avdelningar) of SCB's Swedish Standard Industrial Classification, SNI 2007."""

    A = "A", _("Jordbruk, skogsbruk och fiske")
    B = "B", _("Utvinning av mineral")
    C = "C", _("Tillverkning")
    D = "D", _("Försörjning av el, gas, värme och kyla")
    E = "E", _("Vattenförsörjning; avloppsrening, avfallshantering och sanering")
    F = "F", _("Byggverksamhet")
    G = "G", _("Handel; reparation av motorfordon och motorcyklar")
    H = "H", _("Transport och magasinering")
    I = "I", _("Hotell- och restaurangverksamhet")  # noqa: E741 (the section's letter)
    J = "J", _("Informations- och kommunikationsverksamhet")
    K = "K", _("Finans- och försäkringsverksamhet")
    L = "L", _("Fastighetsverksamhet")
    M = "M", _("Verksamhet inom juridik, ekonomi, vetenskap och teknik")
    N = "N", _("Uthyrning, fastighetsservice, resetjänster och andra stödtjänster")
    O = "O", _("Offentlig förvaltning och försvar; obligatorisk socialförsäkring")  # noqa: E741
    P = "P", _("Utbildning")
    Q = "Q", _("Vård och omsorg; sociala tjänster")
    R = "R", _("Kultur, nöje och fritid")
    S = "S", _("Annan serviceverksamhet")
    T = "T", _("Förvärvsarbete i hushåll; hushållens produktion av diverse varor och tjänster för eget bruk")
    U = "U", _("Verksamhet vid internationella organisationer, utländska ambassader o.d.")


class AgreementKind(models.TextChoices):
    PRAKTIK = "praktikavtal", _("Praktikavtal")
    ARBETSTRANING = "arbetstraningsavtal", _("Arbetsträningsavtal")
    SAMVERKAN = "samverkansavtal", _("Samverkansavtal")
    REKRYTERING = "rekryteringsavtal", _("Rekryteringsavtal")


class Channel(models.TextChoices):
    TELEFON = "telefon", _("Telefon")
    EPOST = "epost", _("E-post")
    BESOK = "besok", _("Besök på arbetsplatsen")
    MOTE = "mote", _("Möte")
    DIGITALT = "digitalt", _("Digitalt möte")
    ANNAT = "annat", _("Annat")


class Employer(Record):
    """A workplace or company one organisation works with (praktik, arbetsträning, recruitment)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="employers", verbose_name=_("organisation")
    )
    name = models.CharField(_("namn"), max_length=200)
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, help_text=_("Sparas som NNNNNN-NNNN.")
    )
    industry = models.CharField(_("bransch (SNI)"), max_length=1, choices=Industry.choices, blank=True)
    street_address = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=6, blank=True)
    city = models.CharField(_("postort"), max_length=100, blank=True)
    municipality = models.CharField(_("kommun"), max_length=4, blank=True, help_text=_("SCB:s kommunkod."))
    note = models.TextField(_("anteckning"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("arbetsgivare")
        verbose_name_plural = _("arbetsgivare")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="employer_name_unique_per_organization"
            ),
        ]
        indexes = [models.Index(fields=["organization", "active", "name"])]

    def __str__(self):
        return self.name


class ContactPerson(Record):
    """Someone at the employer the staff talk to (a manager, a supervisor, HR)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("arbetsgivare")
    )
    name = models.CharField(_("namn"), max_length=200)
    role = models.CharField(_("roll"), max_length=200, blank=True)
    phone = models.CharField(_("telefon"), max_length=32, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["employer", "-active", "name", "pk"]

    def __str__(self):
        return self.name


class Agreement(Record):
    """An agreement with the employer: what kind, for which period."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("arbetsgivare")
    )
    kind = models.CharField(_("typ av avtal"), max_length=24, choices=AgreementKind.choices)
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till"), null=True, blank=True, help_text=_("Tomt: tills vidare."))
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("avtal")
        verbose_name_plural = _("avtal")
        ordering = ["employer", "-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.valid_from}"


class EmployerContact(CreatedAtModel, RestrictedModel):
    """One contact with the employer: when, by whom, how, what was said and the next step.

    A log: entries are added, not edited, so what was noted on a day stays as it was noted.
    """

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contact_log", verbose_name=_("arbetsgivare")
    )
    date = models.DateField(_("datum"))
    staff = staff_reference(_("vem"))
    contact_person = models.ForeignKey(
        ContactPerson,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kontaktperson"),
    )
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices)
    note = models.TextField(_("anteckning"))
    next_step_date = models.DateField(_("nästa steg"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontakt med arbetsgivare")
        verbose_name_plural = _("kontaktlogg")
        ordering = ["employer", "-date", "-pk"]
        indexes = [models.Index(fields=["employer", "date"])]

    def __str__(self):
        return f"{self.employer} {self.date}"
