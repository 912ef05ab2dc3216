"""Pages of interventions, under /insatser/."""

from django.urls import path

from stegvis.interventions import views

app_name = "interventions"
urlpatterns = [
    path("", views.catalogue_index, name="catalogue_index"),
    path("katalog/<slug:code>/", views.catalogue, name="catalogue"),
    path("katalog/<slug:code>/ny/", views.catalogue_create, name="catalogue_create"),
    path("katalog/insats/<int:pk>/andra/", views.catalogue_edit, name="catalogue_edit"),
    path("inskrivning/<int:pk>/ny/", views.participation_create, name="participation_create"),
    path("deltagarinsats/<int:pk>/andra/", views.participation_edit, name="participation_edit"),
    path("deltagarinsats/<int:pk>/arbetsplats/", views.placement_create, name="placement_create"),
    path("arbetsplats/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("arbetsplats/<int:pk>/andra/", views.placement_edit, name="placement_edit"),
    path("arbetsplats/<int:pk>/uppfoljning/", views.placement_follow_up_create, name="placement_follow_up"),
]
