"""SUS participant list and ESF+ indicators (``reports`` namespace)."""

from django.urls import path

from stegvis.reports.external import views

urlpatterns = [
    path("<slug:code>/sus/", views.sus_list, name="sus_list"),
    path("<slug:code>/sus/sus-lista.csv", views.sus_list_csv, name="sus_list_csv"),
    path("<slug:code>/sus/sus-lista.xlsx", views.sus_list_xlsx, name="sus_list_xlsx"),
    path("<slug:code>/esf/", views.esf_indicators, name="esf_indicators"),
    path("<slug:code>/esf/esf-indikatorer.xlsx", views.esf_indicators_xlsx, name="esf_indicators_xlsx"),
    path("<slug:code>/esf/esf-deltagare.csv", views.esf_participants_csv, name="esf_participants_csv"),
    path("<slug:code>/esf/esf-deltagare.xlsx", views.esf_participants_xlsx, name="esf_participants_xlsx"),
]
