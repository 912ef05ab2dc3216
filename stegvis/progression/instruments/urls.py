"""URL patterns of this part; stegvis/progression/urls.py joins the parts under /progression/."""

from django.urls import path

from stegvis.progression.instruments import views

urlpatterns = [
    path("instrument/", views.instrument_list, name="instrument_list"),
    path("instrument/nytt/", views.instrument_create, name="instrument_create"),
    path("instrument/<slug:code>/v<int:version>/", views.instrument_detail, name="instrument_detail"),
    path("instrument/<slug:code>/v<int:version>/andra/", views.instrument_edit, name="instrument_edit"),
    path(
        "instrument/<slug:code>/v<int:version>/oversattning/<slug:language>/",
        views.translation_edit,
        name="translation_edit",
    ),
]
