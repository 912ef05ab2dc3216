"""Pages of the monthly follow-up (included in the ``reports`` namespace)."""

from django.urls import path

from stegvis.reports.followup import views

urlpatterns = [
    path("<slug:code>/uppfoljning/", views.followup, name="followup"),
]
