"""Interpreter mode, under /tolk/: one enrolment's questions, card, plan and exit survey in two languages."""

from django.urls import path

from stegvis.interpreting import views

app_name = "interpreting"
urlpatterns = [
    path("inskrivning/<int:pk>/sjalvskattning/", views.selfassessment, name="selfassessment"),
    path("inskrivning/<int:pk>/kort/<slug:language>/", views.card, name="card"),
    path("inskrivning/<int:pk>/plan/", views.plan, name="plan"),
    path("inskrivning/<int:pk>/enkat/", views.survey, name="survey"),
]
