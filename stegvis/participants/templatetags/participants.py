"""Template filters for showing identities safely."""

from django import template

from stegvis.core import languages
from stegvis.participants import personnummer as pnr

register = template.Library()


@register.filter
def masked_pnr(number):
    """``YYYYMMDD-****``: enough to tell persons apart in lists without showing the whole number."""
    return pnr.mask(number or "")


@register.filter
def language_name(code):
    """The Swedish name of a common language code; other codes are shown as they are."""
    return languages.staff_name(code)


@register.filter
def staff_name(user):
    """A staff member as the lists name them (full name, else username); a muted dash for nobody."""
    from django.utils.html import format_html

    from stegvis.participants.tables import user_label

    return user_label(user) or format_html('<span class="muted">{}</span>', "–")
