"""Pages of the monthly follow-up (included in the ``reports`` namespace)."""

urlpatterns = []
