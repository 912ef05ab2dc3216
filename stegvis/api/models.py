"""API tokens: a user's rights, handed to another system, optionally narrowed.

The token itself is shown once, when it is made, and only its SHA-256 is stored: a token is 32
random bytes, so a slow password hash adds nothing, and a fast one keeps each request to one
indexed look-up (by the prefix, which is shown in the lists so people can tell tokens apart).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from stegvis.core.models import CreatedAtModel
from stegvis.organizations.models import Project


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked and not expired."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiToken(CreatedAtModel):
    """One token of one user: their rights, or fewer (some projects, reading only), until it expires."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("användare"),
    )
    name = models.CharField(
        _("namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. Power BI.")
    )
    prefix = models.CharField(_("början"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    read_only = models.BooleanField(_("bara läsning"), default=False)
    projects = models.ManyToManyField(
        Project,
        blank=True,
        related_name="+",
        verbose_name=_("projekt"),
        help_text=_("Tomt: alla projekt användaren har behörighet till."),
    )
    expires_at = models.DateTimeField(_("upphör"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("återkallad av"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and not self.expired


class RequestCount(models.Model):
    """How many requests one client made in one window of the rate limit (:mod:`stegvis.api.throttling`).

    One row per client and window, counted up by a single upsert, so a request costs one query
    for its rate limit whatever the number of web processes. Rows of past windows are deleted
    when a window opens.
    """

    key = models.CharField(max_length=200)
    period = models.BigIntegerField(help_text="The window's number: its start in seconds over its length.")
    expires_at = models.BigIntegerField(db_index=True, help_text="When the window ends, in Unix seconds.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("key", "period"), name="api_requestcount_key_period")]

    def __str__(self) -> str:
        return f"{self.key} #{self.period}: {self.count}"


class ClientLimit(models.Model):
    """What an OAuth 2 client (django-oauth-toolkit's ``Application``) may do beyond its user's rights.

    Kept beside the toolkit's own model rather than in a swapped one: a read-only client is offered
    the ``read`` scope only (:class:`stegvis.api.scopes.ClientScopes`), so its access tokens read
    and nothing else whatever the client asks for.
    """

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="stegvis_limit"
    )
    read_only = models.BooleanField(_("bara läsning"), default=False)

    def __str__(self) -> str:
        return f"{self.application_id}: {'read' if self.read_only else 'read, write'}"
