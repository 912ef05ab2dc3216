"""Pages of the data-quality app, under /kvalitet/."""

from django.urls import path

from stegvis.quality import views

app_name = "quality"
urlpatterns = [
    path("projekt/<slug:code>/", views.project_page, name="project"),
    path("organisation/<slug:code>/", views.organization_page, name="organization"),
]
