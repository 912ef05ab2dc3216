"""A project's budget, its actual costs and the rates its computed co-financing uses.

Project data, not personal data: no row names a person, so the rows are reached through the
project (:mod:`stegvis.budget.access`) and need no row rule of their own.

- **Periods.** The budget is planned per calendar quarter (``BudgetLine.quarter`` is the
  quarter's first day), as the ESF+ application's budget is followed up; actual costs are kept
  per month (``ActualCost.month`` is the month's first day), as the finance system books them.
  Budget against outcome adds the months of a quarter together.
- **Computed co-financing.** Two categories are never entered as actual costs: participants'
  allowances (attested hours × the project's rate per hour) and staff co-financing (signed-off
  staff time in full-time equivalents × the monthly cost per full-time equivalent). Each rate
  holds from its ``valid_from`` until the next one (:mod:`stegvis.budget.figures`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel, TimestampedModel, VersionedModel


class CostCategory(models.TextChoices):
    """The cost categories of an ESF+ budget, in the order the application lists them."""

    STAFF = "personal", _("Personalkostnader")
    SERVICES = "externa_tjanster", _("Externa tjänster")
    TRAVEL = "resor", _("Resor och logi")
    EQUIPMENT = "utrustning_lokaler", _("Utrustning och lokaler")
    INDIRECT = "indirekta", _("Indirekta kostnader (schablon)")
    ALLOWANCES = "deltagarersattning", _("Medfinansiering: deltagarersättning")
    STAFF_COFINANCING = "personalinsats", _("Medfinansiering: offentlig personalinsats")
    OTHER_COFINANCING = "ovrig_medfinansiering", _("Övrig medfinansiering")


#: Categories whose outcome is computed from time reports, never entered or imported.
COMPUTED = (CostCategory.ALLOWANCES, CostCategory.STAFF_COFINANCING)
#: Categories that are co-financing rather than costs the project pays.
CO_FINANCING = (CostCategory.ALLOWANCES, CostCategory.STAFF_COFINANCING, CostCategory.OTHER_COFINANCING)


class RateKind(models.TextChoices):
    PARTICIPANT_HOUR = "deltagartimme", _("Deltagarersättning, kronor per attesterad timme")
    STAFF_MONTH = "heltid_manad", _("Personalinsats, kronor per heltidsekvivalent och månad")


#: The category each rate computes.
RATE_CATEGORY = {
    RateKind.PARTICIPANT_HOUR: CostCategory.ALLOWANCES,
    RateKind.STAFF_MONTH: CostCategory.STAFF_COFINANCING,
}


class BudgetLine(VersionedModel, TimestampedModel):
    """The budgeted amount of one category in one quarter (kronor)."""

    project = models.ForeignKey(
        "organizations.Project",
        on_delete=models.CASCADE,
        related_name="budget_lines",
        verbose_name=_("projekt"),
    )
    category = models.CharField(_("kostnadsslag"), max_length=32, choices=CostCategory.choices)
    quarter = models.DateField(_("kvartal"))  # the quarter's first day
    amount = models.DecimalField(_("belopp (kr)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "quarter"], name="budget_line_unique"),
        ]


class ActualCost(VersionedModel, TimestampedModel):
    """The actual cost of one category in one month (kronor), entered or imported."""

    project = models.ForeignKey(
        "organizations.Project",
        on_delete=models.CASCADE,
        related_name="actual_costs",
        verbose_name=_("projekt"),
    )
    category = models.CharField(_("kostnadsslag"), max_length=32, choices=CostCategory.choices)
    month = models.DateField(_("månad"))  # the month's first day
    amount = models.DecimalField(_("belopp (kr)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("anteckning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        constraints = [
            models.UniqueConstraint(fields=["project", "category", "month"], name="actual_cost_unique"),
        ]


class CoFinancingRate(VersionedModel, CreatedAtModel):
    """A documented rate for computed co-financing, valid from ``valid_from`` until the next one."""

    project = models.ForeignKey(
        "organizations.Project",
        on_delete=models.CASCADE,
        related_name="co_financing_rates",
        verbose_name=_("projekt"),
    )
    kind = models.CharField(_("sats"), max_length=16, choices=RateKind.choices)
    valid_from = models.DateField(_("gäller från"))
    amount = models.DecimalField(_("belopp (kr)"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("underlag"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("medfinansieringssats")
        verbose_name_plural = _("medfinansieringssatser")
        ordering = ["kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind", "valid_from"], name="co_financing_rate_unique"
            ),
        ]
