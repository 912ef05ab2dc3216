from django.urls import path

from stegvis.participants import views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.person_create, name="create"),
    path("sok/", views.participant_search, name="search"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/andra/", views.person_edit, name="edit"),
    path("<int:pk>/skriv-in/", views.enrol, name="enrol"),
    path("<int:pk>/sla-samman/", views.merge, name="merge"),
    path("inskrivning/<int:pk>/andra/", views.enrollment_edit, name="enrollment_edit"),
    path("inskrivning/<int:pk>/koordinator/", views.coordinator_change, name="coordinator_change"),
    path("inskrivning/<int:pk>/avslut/", views.enrollment_exit, name="exit"),
]
