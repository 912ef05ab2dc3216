from django.contrib.auth import views as auth_views
from django.urls import path

from stegvis.core import views
from stegvis.core.access import Rule, access_rule

urlpatterns = [
    path("logga-in/", access_rule(Rule.PUBLIC)(views.LoginView.as_view()), name="login"),
    path("logga-ut/", access_rule(Rule.PUBLIC)(auth_views.LogoutView.as_view()), name="logout"),
    path("halsa/", views.health, name="health"),
]
