"""The goals indicator ``survey_agreement``, taken over from the goals app with real choices.

The goals app registers the indicator with a free-text statement code; here it is registered
again (same code, so it replaces that one) with the statement codes of the active surveys as
choices. The choices are read from the database when a goal form is built, not at start-up,
so a new survey version or statement shows up without a restart.
"""

from django.utils.translation import gettext_lazy as _

from stegvis.goals.indicators import Parameter, register_indicator, survey_agreement
from stegvis.surveys.figures import statement_labels


class StatementChoices:
    """``(code, "code – text")`` of every statement of an active survey, read on each use."""

    def __iter__(self):
        return iter([(code, f"{code} – {text}") for code, text in statement_labels().items()])

    def __bool__(self):
        return True  # choices exist as a kind, even before any survey is installed


def register_survey_indicator():
    register_indicator(
        "survey_agreement",
        _("Andel som instämmer i ett enkätpåstående"),
        survey_agreement,
        reads=("surveys",),
        parameters=[
            Parameter(
                "statement",
                _("Enkätpåstående (kod)"),
                StatementChoices(),
                help_text=_("Påståendet i enkäten; 4 och 5 på skalan räknas som att instämma."),
            )
        ],
        description=_("Svarande som instämmer (4–5), av alla som svarat 1–5 på påståendet."),
    )
