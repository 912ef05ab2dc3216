"""Pages of case transfers, under /overforingar/."""

from django.urls import path

from stegvis.transfers import views

app_name = "transfers"
urlpatterns = [
    path("", views.transfer_list, name="list"),
    path("inskrivning/<int:pk>/foresla/", views.propose, name="propose"),
    path("<int:pk>/", views.transfer_detail, name="detail"),
    path("<int:pk>/godkann/", views.transfer_accept, name="accept"),
    path("<int:pk>/avboj/", views.transfer_decline, name="decline"),
    path("<int:pk>/aterkalla/", views.transfer_withdraw, name="withdraw"),
]
