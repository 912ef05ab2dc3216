from django.urls import include, path

from stegvis.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.project_list, name="project_list"),
    # Before "<code>/": "jamfor" is a reserved project code.
    path("", include("stegvis.reports.compare.urls")),
    path("<slug:code>/", views.project_report, name="project_report"),
    path("<slug:code>/rapport.json", views.project_report_json, name="project_report_json"),
    # Each part of the reporting keeps its own pages; the names stay in the "reports" namespace.
    path("", include("stegvis.reports.followup.urls")),
    path("", include("stegvis.reports.exports.urls")),
    path("", include("stegvis.reports.external.urls")),
    path("", include("stegvis.reports.whatworks.urls")),
]
