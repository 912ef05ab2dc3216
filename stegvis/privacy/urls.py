from django.urls import path

from stegvis.privacy import views
from stegvis.privacy.extract import views as extract

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("regler/<slug:code>/", views.rule, name="rule"),
    path("anonymisera/", views.erasure, name="erasure"),
    path("registerutdrag/", extract.extract_page, name="extract"),
]
