from django.urls import path

from stegvis.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
    path("organisationer/", views.organization_list, name="organization_list"),
    path("organisationer/ny/", views.organization_create, name="organization_create"),
    path("organisationer/<slug:code>/", views.organization_edit, name="organization_edit"),
    path("projekt/", views.project_list, name="project_list"),
    path("projekt/nytt/", views.project_create, name="project_create"),
    path("projekt/<slug:code>/", views.project_edit, name="project_edit"),
    path("personal/", views.staff_list, name="staff_list"),
    path("personal/ny/", views.staff_create, name="staff_create"),
    path("personal/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("personal/<int:pk>/andra/", views.staff_edit, name="staff_edit"),
    path("personal/<int:pk>/losenord/", views.staff_password, name="staff_password"),
]
