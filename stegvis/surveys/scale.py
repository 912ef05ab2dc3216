"""The agreement scale every statement is answered on: five steps with words, and "vet inte".

The words are interface text (gettext, in this app's catalogues), not survey data: every
statement uses the same scale, so a participant learns it once and results compare.
"""

from django.utils.translation import gettext as _


def scale_words():
    """``{"1": ..., "5": ..., "x": ...}`` in the active language."""
    return {
        "1": _("Stämmer inte alls"),
        "2": _("Stämmer ganska dåligt"),
        "3": _("Stämmer delvis"),
        "4": _("Stämmer ganska bra"),
        "5": _("Stämmer helt"),
        "x": _("Vet inte"),
    }
