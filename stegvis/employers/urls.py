"""Pages of the employer register, under /arbetsgivare/."""

from django.urls import path

from stegvis.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list, name="list"),
    path("ny/", views.employer_create, name="create"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/andra/", views.employer_edit, name="edit"),
    path("<int:pk>/kontaktperson/ny/", views.contact_create, name="contact_create"),
    path("kontaktperson/<int:pk>/andra/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/avtal/ny/", views.agreement_create, name="agreement_create"),
    path("avtal/<int:pk>/andra/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/kontakt/ny/", views.log_create, name="log_create"),
]
