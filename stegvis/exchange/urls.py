from django.urls import path

from stegvis.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.import_page, name="import"),
]
