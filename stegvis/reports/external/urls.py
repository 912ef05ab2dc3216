"""SUS participant list and ESF+ indicators (``reports`` namespace)."""

urlpatterns = []
