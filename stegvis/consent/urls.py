"""Pages of the consent app, under /samtycken/."""

from django.urls import path

from stegvis.consent import views

app_name = "consent"
urlpatterns = [
    path("", views.missing_list, name="missing"),
    path("inskrivning/<int:pk>/ny/", views.consent_create, name="create"),
    path("<int:pk>/aterkalla/", views.consent_withdraw, name="withdraw"),
    path("projekt/<slug:code>/", views.project_figures, name="project"),
]
