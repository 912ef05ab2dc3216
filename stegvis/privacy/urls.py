from django.urls import URLPattern, path

from stegvis.privacy.extract import views as extract

app_name = "privacy"
urlpatterns: list[URLPattern] = [
    path("registerutdrag/", extract.extract_page, name="extract"),
]
