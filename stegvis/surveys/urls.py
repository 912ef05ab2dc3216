"""Pages of the surveys app, mounted at the site root: ``e/`` for participants, ``enkater/`` for staff."""

from django.urls import path

from stegvis.surveys import views

app_name = "surveys"
urlpatterns = [
    path("enkater/", views.survey_list, name="survey_list"),
    path("enkater/mall/<slug:code>/<int:version>/", views.survey_detail, name="survey_detail"),
    path("enkater/projekt/<slug:code>/", views.results, name="results"),
    path("enkater/projekt/<slug:code>/installningar/", views.project_settings, name="project_settings"),
    path("enkater/projekt/<slug:code>/kurser/", views.courses, name="courses"),
    path("enkater/projekt/<slug:code>/kurser/ny/", views.course_create, name="course_create"),
    path("enkater/lank/<int:pk>/", views.create_link, name="create_link"),
    path("enkater/att-skicka/", views.due_list, name="due"),
    path("e/<str:token>/", views.answer, name="answer"),
    path("e/<str:token>/tack/", views.thanks, name="thanks"),
]
