"""The participant's own pages, reached by a one-time link (mounted at /s/, no login)."""

app_name = "selfassessment"
urlpatterns = []
