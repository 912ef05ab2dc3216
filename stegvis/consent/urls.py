"""Pages of the consent app."""

app_name = "consent"
urlpatterns = []
