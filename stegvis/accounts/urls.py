"""The login pages, at Swedish addresses, under the URL names allauth reverses.

allauth finds its pages by name (``account_login``, ``mfa_authenticate``, ``saml_acs`` ...), so
those names stay; ``login`` and ``logout`` (``LOGIN_URL``, the page header) name the same pages
too. Every view declares its access rule (:mod:`stegvis.accounts.views`).

Single sign-on: an OpenID Connect provider's pages are ``logga-in/oidc/<id>/`` (the login
button posts there) and ``logga-in/oidc/<id>/klar/`` (the redirect URI the provider sends the
browser back to); a SAML identity provider's are under ``logga-in/saml/<id>/``: the login,
``acs/`` (the Assertion Consumer Service), ``utloggning/`` (Single Logout) and ``metadata/``
(this service provider's metadata). ``<id>`` is ``STEGVIS_OIDC_ID`` or ``STEGVIS_SAML_ID``.
"""

from django.urls import include, path, re_path

from stegvis.accounts import views

login = views.LoginView.as_view()
logout = views.LogoutView.as_view()

urlpatterns = [
    path("logga-in/", login, name="login"),
    path("logga-in/", login, name="account_login"),
    path("logga-in/tvafaktor/", views.AuthenticateView.as_view(), name="mfa_authenticate"),
    path("logga-in/oidc/<str:provider_id>/", views.oidc_login, name="openid_connect_login"),
    path("logga-in/oidc/<str:provider_id>/klar/", views.oidc_callback, name="openid_connect_callback"),
    path("logga-in/saml/<str:organization_slug>/", views.SamlLoginView.as_view(), name="saml_login"),
    path("logga-in/saml/<str:organization_slug>/acs/", views.SamlAcsView.as_view(), name="saml_acs"),
    path(
        "logga-in/saml/<str:organization_slug>/acs/klar/",
        views.SamlFinishAcsView.as_view(),
        name="saml_finish_acs",
    ),
    path("logga-in/saml/<str:organization_slug>/utloggning/", views.SamlSlsView.as_view(), name="saml_sls"),
    path(
        "logga-in/saml/<str:organization_slug>/metadata/",
        views.SamlMetadataView.as_view(),
        name="saml_metadata",
    ),
    path("logga-in/avbruten/", views.LoginCancelledView.as_view(), name="socialaccount_login_cancelled"),
    path("logga-in/misslyckades/", views.LoginErrorView.as_view(), name="socialaccount_login_error"),
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
        "administration/",
        include(
            (
                [
                    path("personal/<int:pk>/tvafaktor/", views.staff_two_factor, name="staff_two_factor"),
                    path("inloggning/", views.sso_admin, name="sso_admin"),
                ],
                "accounts",
            )
        ),
    ),
]
