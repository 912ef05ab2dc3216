"""The what-works figures page (``reports`` namespace)."""

urlpatterns = []
