"""Pages of the intake app: public ``/anmalan/<adress>/`` (no login) and staff ``/intag/``."""

from django.urls import path

from stegvis.intake import public, views

app_name = "intake"
urlpatterns = [
    path("anmalan/<slug:slug>/", public.form, name="form"),
    path("anmalan/<slug:slug>/tack/", public.thanks, name="thanks"),
    path("anmalan/<slug:slug>/integritet/", public.privacy, name="privacy"),
    path("intag/", views.queue, name="queue"),
    path("intag/<int:pk>/", views.request_detail, name="detail"),
    path("intag/<int:pk>/skriv-in/", views.convert, name="convert"),
    path("intag/sidor/", views.page_list, name="pages"),
    path("intag/sidor/ny/", views.page_create, name="page_create"),
    path("intag/sidor/<int:pk>/andra/", views.page_edit, name="page_edit"),
    path("intag/sidor/<int:pk>/affisch/", views.poster, name="poster"),
    path("intag/lagring/<slug:code>/", views.retention, name="retention"),
]
