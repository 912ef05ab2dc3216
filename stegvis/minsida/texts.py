"""What the participant reads about their own data, in plain words (translated in the catalogues).

Staff pages name things the way staff do ("Rapportering till SUS", "Walk-and-talk"); the
participant gets a short sentence instead. Values staff typed (a goal, an actor's name) are not
here: the page shows them as written, marked Swedish.
"""

from django.utils.translation import gettext_lazy as _

from stegvis.consent.models import ConsentKind
from stegvis.contacts.models import Channel, MeetingKind

CONSENT_SENTENCES = {
    ConsentKind.REGISTRATION: _("Du har sagt ja till att projektet sparar uppgifter om dig."),
    ConsentKind.SUS: _(
        "Du har sagt ja till att projektet skickar uppgifter om dig till SUS. "
        "SUS är ett system där samhället följer upp hur stödet går."
    ),
    ConsentKind.CONTACT: _("Du har sagt ja till att vi pratar med den här aktören om dig:"),
    ConsentKind.ESF: _(
        "Du har sagt ja till att projektet sparar frivilliga uppgifter om dig. "
        "Uppgifterna används för uppföljning till EU."
    ),
}

CONTACT_CHANNELS = {
    Channel.MOTE: _("Möte"),
    Channel.HEMBESOK: _("Besök hemma hos dig"),
    Channel.WALK_AND_TALK: _("Promenad och samtal"),
    Channel.TELEFON: _("Telefonsamtal"),
    Channel.VIDEO: _("Videosamtal"),
    Channel.SMS: _("SMS-meddelande"),
    Channel.EPOST: _("E-post"),
}

MEETING_KINDS = {
    MeetingKind.SIP: _("Möte om din plan med flera aktörer (SIP)"),
    MeetingKind.NATVERKSMOTE: _("Nätverksmöte"),
    MeetingKind.TREPARTSMOTE: _("Möte med tre parter"),
    MeetingKind.AVSTAMNINGSMOTE: _("Avstämningsmöte"),
}
