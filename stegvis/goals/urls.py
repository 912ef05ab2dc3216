"""Goals and implementation plan pages, under ``/projekt/<code>/``."""

from django.urls import path

from stegvis.goals import views

app_name = "goals"
urlpatterns = [
    path("<slug:code>/mal/", views.goals, name="goals"),
    path("<slug:code>/mal/nytt/", views.goal_create, name="goal_create"),
    path("<slug:code>/mal/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("<slug:code>/genomforandeplan/", views.plan, name="plan"),
    path("<slug:code>/genomforandeplan/ny/", views.step_create, name="step_create"),
    path("<slug:code>/genomforandeplan/<int:pk>/", views.step_edit, name="step_edit"),
]
