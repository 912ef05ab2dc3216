"""URLs of the project's exit reasons, included under ``administration/`` beside the project's settings."""

from django.urls import path

from stegvis.participants import exit_reason_views as views

app_name = "exit_reasons"

urlpatterns = [
    path("projekt/<slug:code>/avslutsorsaker/", views.exit_reason_list, name="list"),
    path("projekt/<slug:code>/avslutsorsaker/<int:pk>/", views.exit_reason_edit, name="edit"),
]
