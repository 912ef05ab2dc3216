from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """Surveys (enkäter) as data: templates, one-time links, anonymous or named answers, results."""

    name = "stegvis.surveys"
    label = "surveys"
