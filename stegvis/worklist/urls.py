"""The coordinator's worklist, under /arbetslista/."""

from django.urls import path

from stegvis.worklist import views

app_name = "worklist"
urlpatterns = [
    path("", views.index, name="index"),
]
