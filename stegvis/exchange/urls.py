from django.urls import path

from stegvis.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.import_page, name="import"),
    path("export/", views.export_page, name="export"),
    path("<uuid:pk>/", views.job_page, name="job"),
    path("<uuid:pk>/status.json", views.job_status, name="job_status"),
    path("<uuid:pk>/importera/", views.job_import, name="job_import"),
    path("<uuid:pk>/fil/", views.job_download, name="job_download"),
]
