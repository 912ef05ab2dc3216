"""Organisations, projects and the roles staff hold in them.

Roles are what the access rules in :mod:`stegvis.core.access` read: every decision about
who may see a participant starts from a user's :class:`StaffRole` rows.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import RestrictedModel, TimestampedModel
from stegvis.core.roles import Role


class OrganizationKind(models.TextChoices):
    KOMMUN = "kommun", _("Kommun")
    AF = "af", _("Arbetsförmedlingen")
    FK = "fk", _("Försäkringskassan")
    REGION = "region", _("Region")
    SAMORDNINGSFORBUND = "samordningsforbund", _("Samordningsförbund")
    FOLKHOGSKOLA = "folkhogskola", _("Folkhögskola")
    UTBILDNING = "utbildning", _("Utbildningsanordnare")
    CIVILSAMHALLE = "civilsamhalle", _("Civilsamhälle")
    ANNAN = "annan", _("Annan")


class Funder(models.TextChoices):
    ESF = "esf", _("Europeiska socialfonden (ESF+)")
    AMIF = "amif", _("Asyl-, migrations- och integrationsfonden (AMIF)")
    FINSAM = "finsam", _("Samordningsförbund (Finsam)")
    KOMMUN = "kommun", _("Kommun")
    ANNAN = "annan", _("Annan")


DEFAULT_MIN_CELL = 5
MIN_CELL_LOWEST = 2
MIN_CELL_HIGHEST = 100


class Organization(TimestampedModel):
    code = models.SlugField(_("kod"), max_length=64, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganizationKind.choices)
    require_two_factor = models.BooleanField(
        _("kräv tvåfaktorsinloggning"),
        default=False,
        help_text=_(
            "All personal med en roll i organisationen (och projektledare och utvärderare i projekt "
            "som organisationen äger) måste logga in med lösenord och en engångskod från en "
            "autentiseringsapp."
        ),
    )
    # Min sida (docs/minsida.md): participants of the organisation's enrolments may log in with
    # e-legitimation through the server's OpenID Connect broker (STEGVIS_MINSIDA_OIDC_*).
    minsida_eid = models.BooleanField(
        _("Min sida med e-legitimation"),
        default=False,
        help_text=_(
            "Deltagare kan logga in på Min sida med BankID eller Freja eID och ser då sina pågående "
            "inskrivningar i organisationen."
        ),
    )
    # Small-number suppression (docs/reports.md, "Små tal"): the default N of the projects it owns.
    min_cell = models.PositiveSmallIntegerField(
        _("minsta cellstorlek"),
        default=DEFAULT_MIN_CELL,
        validators=[MinValueValidator(MIN_CELL_LOWEST), MaxValueValidator(MIN_CELL_HIGHEST)],
        help_text=_(
            'Antal under detta visas som "<N" i rapporter och exporter med dolda små tal '
            "(alltid för utvärderare)."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class Project(TimestampedModel, RestrictedModel):
    code = models.SlugField(_("kod"), max_length=64, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    owner = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="owned_projects", verbose_name=_("projektägare")
    )
    partners = models.ManyToManyField(
        Organization, blank=True, related_name="partner_projects", verbose_name=_("samverkansparter")
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    funder = models.CharField(_("finansiär"), max_length=16, choices=Funder.choices, blank=True)
    progression_threshold = models.DecimalField(
        _("gräns för oförändrad progression"),
        max_digits=4,
        decimal_places=2,
        default=0,
        help_text=_("En förändring som inte är större än gränsen räknas som oförändrad."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("projekt")
        verbose_name_plural = _("projekt")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def organizations(self) -> "models.QuerySet[Organization]":
        """The owner and every partner: the organisations that may enrol people in the project."""
        return Organization.objects.filter(
            models.Q(pk=self.owner_id) | models.Q(partner_projects=self)
        ).distinct()


class NeedGroup(models.Model):
    """A need or target group (behovsgrupp / målgrupp) a project works with."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="need_groups")
    name = models.CharField(_("behovsgrupp"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("behovsgrupp")
        verbose_name_plural = _("behovsgrupper")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="need_group_unique_per_project")
        ]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.Model):
    """One role a user holds.

    - administrator: the whole system (organisation and project empty).
    - project_leader: one project, all its participants.
    - coordinator: the participants their organisation enrolled, in one project or (project empty)
      in every project the organisation takes part in.
    - evaluator: aggregates of one project (or all, project empty); never personal data.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    role = models.CharField(_("roll"), max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("organisation"),
    )
    project = models.ForeignKey(
        Project,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="staff_roles",
        verbose_name=_("projekt"),
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization", "project"],
                name="staff_role_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="coordinator") | models.Q(organization__isnull=False),
                name="coordinator_needs_organization",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="project_leader") | models.Q(project__isnull=False),
                name="project_leader_needs_project",
            ),
        ]

    def __str__(self) -> str:
        scope = self.project or self.organization or _("hela systemet")
        return f"{self.get_role_display()} – {scope}"
