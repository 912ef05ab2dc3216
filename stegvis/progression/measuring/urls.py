"""URL patterns of this part; stegvis/progression/urls.py joins the parts under /progression/."""

urlpatterns = []
