"""The roles staff hold, as choices.

They live in core because the access rules (:func:`stegvis.core.access.scope_of`) read them and
core depends on no domain app; :class:`stegvis.organizations.models.StaffRole` stores them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administratör")
    PROJECT_LEADER = "project_leader", _("Projektledare")
    COORDINATOR = "coordinator", _("Handläggare/koordinator")
    EVALUATOR = "evaluator", _("Utvärderare")
