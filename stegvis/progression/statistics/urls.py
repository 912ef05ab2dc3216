"""URL patterns of this part; stegvis/progression/urls.py joins the parts under /progression/."""

from django.urls import path

from stegvis.progression.statistics import views

urlpatterns = [
    path("projekt/<slug:code>/statistik/", views.project_statistics, name="project_statistics"),
]
