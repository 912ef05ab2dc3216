"""Budget pages, under ``/projekt/<code>/budget/``. A month in an address is ``YYYY-MM``."""

from django.urls import path

from stegvis.budget import views

app_name = "budget"
urlpatterns = [
    path("<slug:code>/budget/", views.overview, name="overview"),
    path("<slug:code>/budget/xlsx/", views.overview_xlsx, name="xlsx"),
    path("<slug:code>/budget/plan/", views.plan, name="plan"),
    path("<slug:code>/budget/utfall/<int:year>-<int:month>/", views.actual_month, name="actual_month"),
    path("<slug:code>/budget/import/", views.import_costs, name="import"),
    path("<slug:code>/budget/satser/", views.rates, name="rates"),
]
