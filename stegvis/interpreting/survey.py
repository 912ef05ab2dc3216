"""The project's exit survey in two languages: its questions and the answer scale, to read together.

The questions are the survey's data (translated in the surveys app's ``SurveyText``); the words of
the scale are interface text (the surveys app's catalogues). Two queries: the questions, and the
survey's texts in the chosen language (none for Swedish).
"""

from dataclasses import dataclass

from django.utils import translation

from stegvis.interpreting.card import Option
from stegvis.interpreting.pairs import SWEDISH, Pair, pair, words_pair
from stegvis.surveys.actions import DONT_KNOW, settings_for, survey_for
from stegvis.surveys.scale import scale_words
from stegvis.surveys.texts import SurveyTexts


@dataclass(frozen=True)
class SurveyQuestion:
    number: int
    code: str
    text: Pair
    is_statement: bool


@dataclass(frozen=True)
class BilingualSurvey:
    name: Pair
    description: Pair | None
    questions: list[SurveyQuestion]
    options: list[Option]  # the scale every statement is answered on
    needs_review: bool


def exit_survey(project):
    """The survey the project asks at exit (its choice, else the newest default exit survey), or ``None``."""
    return survey_for(settings_for(project))


def build_survey(survey, language: str) -> BilingualSurvey:
    swedish, other = SurveyTexts(survey, SWEDISH), SurveyTexts(survey, language)
    with translation.override(SWEDISH):
        words_sv = scale_words()
    with translation.override(language):
        words_other = scale_words()
    options = [
        Option(key, "" if key == DONT_KNOW else key, words_pair(words_sv[key], words_other[key], language))
        for key in words_sv
    ]
    questions = [
        SurveyQuestion(
            number=number,
            code=question.code,
            text=pair(swedish.get(question), other.get(question), language),
            is_statement=question.is_statement,
        )
        for number, question in enumerate(survey.questions.all(), start=1)
    ]
    return BilingualSurvey(
        name=pair(swedish.get(survey, "name"), other.get(survey, "name"), language),
        description=pair(swedish.get(survey, "description"), other.get(survey, "description"), language)
        if survey.description
        else None,
        questions=questions,
        options=options,
        needs_review=other.needs_review,
    )
