"""Pages of follow-up after exit, under /efter-avslut/."""

from django.urls import path

from stegvis.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("", views.due_list, name="due_list"),
    path("inskrivning/<int:pk>/ny/", views.follow_up_create, name="create"),
    path("uppfoljning/<int:pk>/andra/", views.follow_up_edit, name="edit"),
]
