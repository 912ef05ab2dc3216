"""The report's ``language`` section as a table, for the exports (:mod:`stegvis.reports.tables`).

The progression app owns the section (:func:`~stegvis.progression.measuring.language.language_steps`)
and so also says how it looks as a table: the frameworks' names are this app's, and the
exporters lay out whatever tables are registered without knowing about languages.
"""

from django.utils.translation import gettext as _

from stegvis.progression.models import Framework
from stegvis.reports.tables import Table


def language_tables(report):
    language = report.get("language")
    if not language:
        return []
    rows = [
        [
            str(Framework(code).label) if code in Framework.values else code,
            figures.get("measured", 0),
            figures.get("moved", 0),
            figures.get("share", 0),
        ]
        for code, figures in language.items()
    ]
    return [
        Table(
            "language",
            _("Språkprogression"),
            [_("Ramverk"), _("Med två eller fler nivåer"), _("Gått upp minst ett steg"), _("Andel")],
            rows,
            percent_columns={3},
            note=_("Personer, med första och senaste registrerade nivå i ramverket."),
        )
    ]
