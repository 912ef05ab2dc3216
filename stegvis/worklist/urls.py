"""The coordinator's worklist, under /arbetslista/."""

from django.urls import path

from stegvis.worklist import views

app_name = "worklist"
urlpatterns = [
    path("", views.index, name="index"),
    path("beslut/", views.decisions, name="decisions"),
    path("beslut/ny/", views.decide, name="decide"),
    path("beslut/<int:pk>/angra/", views.undo, name="undo"),
]
