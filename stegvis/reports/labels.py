"""Swedish labels for the codes a report is keyed by."""

from django.utils.translation import gettext as _

from stegvis.reports.counting import UNKNOWN


def label_for(choices, code):
    """The Swedish label of a choice code; ``okand`` (nothing registered) reads "Ej angiven"."""
    if code in ("", UNKNOWN) and code not in choices.values:
        return _("Ej angiven")
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def age_band_label(band):
    if band.startswith("-"):
        return _("%(n)s år och yngre") % {"n": band[1:]}
    if band.endswith("-"):
        return _("%(n)s år och äldre") % {"n": band[:-1]}
    return _("%(band)s år") % {"band": band.replace("-", "–")}
