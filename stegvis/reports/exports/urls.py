"""Downloads of the report as XLSX and as a DOCX final-report draft (``reports`` namespace)."""

from django.urls import path

from stegvis.reports.exports import views

urlpatterns = [
    path("<slug:code>/rapport.xlsx", views.project_report_xlsx, name="project_report_xlsx"),
    path("<slug:code>/slutrapport.docx", views.final_report_docx, name="final_report_docx"),
]
