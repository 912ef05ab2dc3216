"""Downloads of the report as XLSX and as a DOCX final-report draft (``reports`` namespace)."""

urlpatterns = []
