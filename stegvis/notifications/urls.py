"""Pages of the notifications app, under /meddelanden/."""

from django.urls import path

from stegvis.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.message_log, name="log"),
    path("paminnelser/", views.preferences, name="preferences"),
    path("arbetare/", views.worker_status, name="worker"),
]
