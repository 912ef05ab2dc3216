"""The start page, at the root (its URL name ``home`` is not namespaced: every page links to it)."""

from django.urls import path

from stegvis.home import views

urlpatterns = [
    path("", views.home, name="home"),
]
