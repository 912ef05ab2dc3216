"""The comparison of projects (``reports`` namespace), before the report's ``<code>/`` pages.

``jamfor`` is a reserved project code (:mod:`stegvis.organizations.forms`), so no project's report
page is hidden behind it.
"""

from django.urls import path

from stegvis.reports.compare import views

urlpatterns = [
    path("jamfor/", views.compare, name="compare"),
    path("jamfor/jamforelse.xlsx", views.compare_xlsx, name="compare_xlsx"),
]
