app_name = "worklist"
urlpatterns = []
