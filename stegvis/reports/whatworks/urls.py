"""The what-works figures page (``reports`` namespace)."""

from django.urls import path

from stegvis.reports.whatworks import views

urlpatterns = [
    path("<slug:code>/vad-fungerar/", views.what_works, name="what_works"),
]
