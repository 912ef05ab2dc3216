from django.urls import path

from stegvis.core import views

urlpatterns = [
    path("halsa/", views.health, name="health"),
]
