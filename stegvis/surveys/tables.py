"""The report's ``surveys`` section as tables, for the exports and the results page."""

from django.utils.translation import gettext as _

from stegvis.reports.tables import Table
from stegvis.surveys.scale import scale_words


def surveys_tables(report):
    section = report.get("surveys")
    if not section:
        return []
    overview = Table(
        key="surveys",
        title=_("Enkäter: svarsfrekvens"),
        columns=[
            _("Inskrivningar med enkätlänk"),
            _("Besvarade"),
            _("Svarsfrekvens"),
            _("Svar totalt"),
            _("Anonyma svar"),
            _("Svar med namn"),
        ],
        rows=[
            [
                section["invited"],
                section["answered"],
                section["response_rate"],
                section["responses"],
                section["responses_by_mode"]["anonymous"],
                section["responses_by_mode"]["named"],
            ]
        ],
        percent_columns={2},
        note=_(
            "Svarsfrekvens: inskrivningar vars länk besvarats, av inskrivningar som fått en länk. "
            "Anonyma svar räknas per månad och projekt, aldrig per person."
        ),
    )
    statements = Table(
        key="survey_statements",
        title=_("Enkäter: påståenden"),
        columns=[
            _("Påstående"),
            _("Svarat (1–5)"),
            _("Instämmer (4–5)"),
            _("Andel som instämmer"),
            _("Vet inte"),
        ],
        rows=[
            [figure["text"], figure["answered"], figure["agreeing"], figure["share"], figure["dont_know"]]
            for figure in section["statements"].values()
        ],
        percent_columns={3},
        note=_("Andel som instämmer: svar 4 eller 5 av dem som svarat 1–5; ”vet inte” räknas inte in."),
    )
    words = scale_words()
    distribution = Table(
        key="survey_distribution",
        title=_("Enkäter: svarsfördelning per påstående"),
        columns=[_("Påstående")] + [f"{v} {words[str(v)]}" for v in range(1, 6)] + [words["x"]],
        rows=[
            [figure["text"]] + [figure["distribution"][str(v)] for v in range(1, 6)] + [figure["dont_know"]]
            for figure in section["statements"].values()
        ],
    )
    return [overview, statements, distribution]
