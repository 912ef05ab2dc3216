"""Min sida at ``/min-sida/``: the participant's pages, and the staff pages that hand out links.

Tokens are 32 characters, so the fixed paths listed first never clash with ``<token>/``.
"""

from django.urls import path

from stegvis.minsida import views

app_name = "minsida"
urlpatterns = [
    path("", views.home, name="home"),
    path("logga-ut/", views.logout, name="logout"),
    path("utloggad/", views.signed_out, name="signed_out"),
    path("sprak/", views.language, name="language"),
    path("steg/klart/", views.step_done, name="step_done"),
    path("samtycke/<int:pk>/", views.withdraw, name="withdraw"),
    path("sjalvskattning/", views.self_assessment, name="self_assessment"),
    path("e-legitimation/", views.eid_start, name="eid_start"),
    path("e-legitimation/klar/", views.eid_callback, name="eid_callback"),
    # Staff
    path("ny/<int:pk>/", views.create_link, name="create"),
    path("lank/<int:pk>/sparra/", views.revoke_link, name="revoke"),
    path("begaran/", views.requests, name="requests"),
    path("begaran/<int:pk>/hanterad/", views.request_handled, name="request_handled"),
    path("<str:token>/", views.landing, name="landing"),
]
