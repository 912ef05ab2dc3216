"""Pages of the mapping and plan of an enrolment, under /arbete/."""

from django.urls import path

from stegvis.casework import views

app_name = "casework"
urlpatterns = [
    path("inskrivning/<int:pk>/kartlaggning/", views.mapping, name="mapping"),
    path("inskrivning/<int:pk>/kartlaggning/<slug:area>/", views.mapping_entry, name="mapping_entry"),
    path("inskrivning/<int:pk>/plan/", views.plan, name="plan"),
    path("inskrivning/<int:pk>/din-plan/", views.participant_plan, name="participant_plan"),
    path("inskrivning/<int:pk>/plan/nytt-mal/", views.goal_create, name="goal_create"),
    path("mal/<int:pk>/andra/", views.goal_edit, name="goal_edit"),
    path("mal/<int:pk>/nytt-steg/", views.step_create, name="step_create"),
    path("steg/<int:pk>/andra/", views.step_edit, name="step_edit"),
    path("projekt/<slug:code>/omraden/", views.project_areas_page, name="project_areas"),
]
