"""Pages of time reports, under /tidrapporter/. A month in an address is ``YYYY-MM``."""

import datetime

from django.urls import path, register_converter

from stegvis.timereports import views


class MonthConverter:
    """``2024-03`` to the month's first day; a month that does not exist is a 404."""

    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> datetime.date:
        year, month = value.split("-")
        return datetime.date(int(year), int(month), 1)

    def to_url(self, value: datetime.date | str) -> str:
        return value.strftime("%Y-%m") if isinstance(value, datetime.date) else value


register_converter(MonthConverter, "month")

app_name = "timereports"
urlpatterns = [
    path("", views.index, name="index"),
    path("projekt/<slug:code>/<month:month>/", views.project_month, name="project_month"),
    path("projekt/<slug:code>/<month:month>/xlsx/", views.project_month_export, name="project_month_xlsx"),
    path("projekt/<slug:code>/<month:month>/mina/", views.caseload_grid, name="caseload_grid"),
    path("startgrupp/<int:pk>/<month:month>/", views.cohort_grid, name="cohort_grid"),
    path("inskrivning/<int:pk>/<month:month>/", views.participant_month, name="participant_month"),
    path(
        "inskrivning/<int:pk>/<month:month>/xlsx/",
        views.participant_month_export,
        name="participant_month_xlsx",
    ),
    path("inskrivning/<int:pk>/<month:month>/las-upp/", views.participant_unlock, name="participant_unlock"),
    path("personal/projekt/<slug:code>/<month:month>/", views.staff_month, name="staff_month"),
    path("personal/<int:pk>/las-upp/", views.staff_unlock, name="staff_unlock"),
    path("sammanstallning/<slug:code>/", views.summary, name="summary"),
    path("sammanstallning/<slug:code>/xlsx/", views.summary_export, name="summary_xlsx"),
]
