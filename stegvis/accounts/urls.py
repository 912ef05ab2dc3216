"""The login pages, at Swedish addresses, under the URL names allauth reverses.

allauth finds its pages by name (``account_login``, ``mfa_authenticate`` ...), so those names
stay; ``login`` and ``logout`` (``LOGIN_URL``, the page header) name the same pages too. Every
view declares its access rule (:mod:`stegvis.accounts.views`).
"""

from django.urls import include, path, re_path

from stegvis.accounts import views

login = views.LoginView.as_view()
logout = views.LogoutView.as_view()

urlpatterns = [
    path("logga-in/", login, name="login"),
    path("logga-in/", login, name="account_login"),
    path("logga-in/tvafaktor/", views.AuthenticateView.as_view(), name="mfa_authenticate"),
    path("logga-ut/", logout, name="logout"),
    path("logga-ut/", logout, name="account_logout"),
    path("konto/", views.AccountIndexView.as_view(), name="mfa_index"),
    path("konto/inaktivt/", views.AccountInactiveView.as_view(), name="account_inactive"),
    path("konto/bekrafta/", views.ReauthenticateView.as_view(), name="account_reauthenticate"),
    path("konto/bekrafta/kod/", views.MfaReauthenticateView.as_view(), name="mfa_reauthenticate"),
    path("konto/losenord/", views.PasswordChangeView.as_view(), name="account_change_password"),
    path("konto/losenord/nytt/", views.PasswordSetView.as_view(), name="account_set_password"),
    path("konto/tvafaktor/app/", views.ActivateTOTPView.as_view(), name="mfa_activate_totp"),
    path("konto/tvafaktor/app/stang-av/", views.DeactivateTOTPView.as_view(), name="mfa_deactivate_totp"),
    path(
        "konto/tvafaktor/reservkoder/", views.ViewRecoveryCodesView.as_view(), name="mfa_view_recovery_codes"
    ),
    path(
        "konto/tvafaktor/reservkoder/nya/",
        views.GenerateRecoveryCodesView.as_view(),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "konto/tvafaktor/reservkoder/ladda-ner/",
        views.DownloadRecoveryCodesView.as_view(),
        name="mfa_download_recovery_codes",
    ),
    path("losenord/glomt/", views.PasswordResetView.as_view(), name="account_reset_password"),
    path(
        "losenord/glomt/skickat/", views.PasswordResetDoneView.as_view(), name="account_reset_password_done"
    ),
    re_path(
        r"^losenord/glomt/nyckel/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path(
        "losenord/glomt/klart/",
        views.PasswordResetFromKeyDoneView.as_view(),
        name="account_reset_password_from_key_done",
    ),
    path(
        "administration/personal/<int:pk>/tvafaktor/",
        include(([path("", views.staff_two_factor, name="staff_two_factor")], "accounts")),
    ),
]
