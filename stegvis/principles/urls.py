"""Pages of the horizontal principles: adaptations under /principer/, the checklist per project."""

from django.urls import path

from stegvis.principles import views

app_name = "principles"
urlpatterns = [
    path("inskrivning/<int:pk>/anpassning/ny/", views.adaptation_create, name="adaptation_create"),
    path("anpassning/<int:pk>/ta-bort/", views.adaptation_remove, name="adaptation_remove"),
    path("projekt/<slug:code>/", views.checklist, name="checklist"),
    path("projekt/<slug:code>/andra/", views.checklist_edit, name="checklist_edit"),
]
