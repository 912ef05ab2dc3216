"""URL patterns of this part; stegvis/progression/urls.py joins the parts under /progression/."""

from django.urls import path

from stegvis.progression.measuring import views

urlpatterns = [
    path("inskrivning/<int:pk>/matning/ny/", views.measurement_create, name="measurement_create"),
    path("inskrivning/<int:pk>/matningar/", views.measurement_list, name="measurement_list"),
    path("matning/<int:pk>/andra/", views.measurement_edit, name="measurement_edit"),
    path("deltagare/<int:pk>/sprakniva/ny/", views.language_level_create, name="language_level_create"),
    path("projekt/<slug:code>/installningar/", views.project_settings, name="measuring_settings"),
    path("att-mata/", views.due_list, name="due_list"),
]
