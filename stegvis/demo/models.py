"""The marker that says a database holds demo data, and nothing else.

``stegvis demo-data`` writes one :class:`DemoDataset` row before it loads anything, listing the
organisations, projects and user accounts it creates. ``--reset`` empties the database only when
that row exists and no organisation, project or account outside those lists is present, so the
generator can never wipe a database that holds real work.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel


class DemoDataset(CreatedAtModel):
    seed = models.BigIntegerField(_("slumpfrö"))
    participants = models.PositiveIntegerField(_("antal deltagare"))
    as_of = models.DateField(_("datum som demodata utgår från"))
    organizations = models.JSONField(_("organisationer"), default=list)
    projects = models.JSONField(_("projekt"), default=list)
    usernames = models.JSONField(_("användarkonton"), default=list)
    complete = models.BooleanField(_("färdigladdad"), default=False)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("demodata")
        verbose_name_plural = _("demodata")

    def __str__(self):
        return f"demo seed={self.seed} n={self.participants}"
