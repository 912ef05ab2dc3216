"""The participant's own pages, reached by a one-time link (mounted at /s/, no login).

The coordinator's page that makes a link lives here too, under ``ny/``: tokens are 32
characters, so the fixed paths listed first never clash with a token.
"""

from django.urls import path

from stegvis.progression.selfassessment import views

app_name = "selfassessment"
urlpatterns = [
    path("ny/<int:pk>/", views.create_link, name="create"),
    path("<str:token>/", views.start, name="start"),
    path("<str:token>/fraga/<int:step>/", views.question, name="question"),
    path("<str:token>/kontroll/", views.review, name="review"),
    path("<str:token>/tack/", views.thanks, name="thanks"),
]
