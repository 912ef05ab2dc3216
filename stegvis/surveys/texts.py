"""A survey's texts in one language, with the Swedish text wherever a translation is missing."""

from django.conf import settings

from stegvis.surveys.models import Question, SurveyText


class SurveyTexts:
    """One query. ``get`` says which language a text is in, so the page can mark Swedish fallbacks."""

    def __init__(self, survey, language):
        self.language = language
        rows = (
            []
            if language == settings.LANGUAGE_CODE
            else list(
                SurveyText.objects.filter(survey=survey, language=language).values_list(
                    "question_id", "field", "text", "needs_review"
                )
            )
        )
        self.texts = {(question_id, field): text for question_id, field, text, _review in rows if text}
        self.needs_review = any(review for *_rest, review in rows)

    def get(self, obj, field="text"):
        """``(text, lang)`` of a field of the survey or of a question."""
        key = (obj.pk if isinstance(obj, Question) else None, field)
        if key in self.texts:
            return self.texts[key], self.language
        return getattr(obj, field), settings.LANGUAGE_CODE
