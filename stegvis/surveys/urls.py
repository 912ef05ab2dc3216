"""Pages of the surveys app."""

app_name = "surveys"
urlpatterns = []
