"""The coordinator's form that makes a link to Min sida (the shared one-time-link form)."""

from django.utils.translation import gettext_lazy as _

from stegvis.minsida.actions import MAX_VALID_DAYS
from stegvis.participants import onetime_links


class CreateLinkForm(onetime_links.CreateLinkForm):
    channel_label = _("Hur får deltagaren länken till Min sida?")
    max_valid_days = MAX_VALID_DAYS
    default_valid_days = 7
