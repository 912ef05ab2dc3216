from django.urls import path

from stegvis.narratives import views

app_name = "narratives"

urlpatterns = [
    path("<slug:code>/slutrapport/texter/", views.texts, name="texts"),
]
