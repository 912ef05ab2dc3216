"""Pages of contacts, network meetings and support periods, under /kontakter/."""

from django.urls import path

from stegvis.contacts import views

app_name = "contacts"
urlpatterns = [
    path("", views.my_contacts, name="mine"),
    path("inskrivning/<int:pk>/", views.contact_log, name="log"),
    path("kontakt/<int:pk>/andra/", views.contact_edit, name="edit"),
    path("kontakt/<int:pk>/ta-bort/", views.contact_delete, name="delete"),
    path("inskrivning/<int:pk>/moten/", views.meeting_list, name="meetings"),
    path("inskrivning/<int:pk>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("mote/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("inskrivning/<int:pk>/stod/nytt/", views.support_create, name="support_create"),
    path("stod/<int:pk>/", views.support_detail, name="support"),
    path("stod/<int:pk>/andra/", views.support_edit, name="support_edit"),
    path("stod/<int:pk>/avsluta/", views.support_end, name="support_end"),
    path("stod/uppfoljning/<int:pk>/andra/", views.support_follow_up_edit, name="support_follow_up_edit"),
]
