"""The token list as a table (django-tables2, ``core/table.html``): never the token itself, only
its first characters, which are enough to tell tokens apart and to find one in a client's setup."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

DATE = "Y-m-d"
DATETIME = "Y-m-d H:i"


def state_badge(token):
    """The token's state in words (not by colour alone)."""
    if token.revoked_at is not None:
        return format_html('<span class="badge badge--ended">{}</span>', _("återkallad"))
    if token.expired:
        return format_html('<span class="badge badge--warn">{}</span>', _("utgången"))
    return format_html('<span class="badge badge--active">{}</span>', _("gäller"))


class TokenTable(tables.Table):
    caption = _("API-nycklar")

    user = tables.Column(verbose_name=_("Användare"), accessor="user__username")
    name = tables.Column(verbose_name=_("Namn"))
    prefix = tables.Column(verbose_name=_("Början"), orderable=False)
    limits = tables.Column(verbose_name=_("Begränsningar"), empty_values=(), orderable=False)
    expires_at = tables.DateTimeColumn(verbose_name=_("Upphör"), format=DATE, default=_("aldrig"))
    last_used_at = tables.DateTimeColumn(
        verbose_name=_("Senast använd"), format=DATETIME, default=_("aldrig")
    )
    state = tables.Column(verbose_name=_("Läge"), empty_values=(), orderable=False)
    created_by = tables.Column(
        verbose_name=_("Skapad av"), accessor="created_by__username", default=_("kommandoraden")
    )
    created_at = tables.DateTimeColumn(verbose_name=_("Skapad"), format=DATE)
    revoke = tables.Column(verbose_name=_("Åtgärd"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Inga nycklar matchar urvalet.")

    def render_prefix(self, value):
        return format_html("<code>{}…</code>", value)

    def render_limits(self, record):
        access = _("bara läsning") if record.read_only else _("läsning och ändring")
        projects = list(record.projects.all())
        if not projects:
            where = format_html('<span class="muted">{}</span>', _("alla användarens projekt"))
        else:
            where = format_html_join(mark_safe(", "), "{}", ((p.code,) for p in projects))
        return format_html("{}<br>{}", access, where)

    def render_state(self, record):
        return state_badge(record)

    def render_revoke(self, record):
        if record.revoked_at is not None:
            return "–"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("api:token-revoke", args=[record.pk]),
            _("Återkalla"),
            record.name,
        )
