"""Pages of start groups, under /startgrupper/."""

from django.urls import path

from stegvis.cohorts import views

app_name = "cohorts"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("projekt/<slug:code>/ny/", views.cohort_create, name="create"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/andra/", views.cohort_edit, name="edit"),
    path("<int:pk>/traffar/ny/", views.session_create, name="session_create"),
    path("<int:pk>/medlemmar/ny/", views.member_add, name="member_add"),
    path("medlem/<int:pk>/andra/", views.member_edit, name="member_edit"),
    path("traff/<int:pk>/andra/", views.session_edit, name="session_edit"),
    path("traff/<int:pk>/narvaro/", views.attendance, name="attendance"),
]
