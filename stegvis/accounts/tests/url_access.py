"""Who may open the login pages (merged into :mod:`stegvis.core.tests.test_url_access`).

The way in is public; one's own login (``Rule.ACCOUNT``) is every logged-in user's, with or
without a role. The walk logs in without a fresh password (``force_login``), so the pages that
change the login first ask for the password again (302); pages about an app or codes the user
has not set up answer 404.

Single sign-on pages are public (they are the way in). The walk runs without a configured
identity provider, so a provider's pages answer 404 for everyone, logged in or not (rather than
sending anyone to the login); the SSO tests open them with real providers.
"""

from stegvis.core.tests.roles import ADMIN_ONLY, LOGIN, MISSING, OK, PUBLIC, statuses

#: A page of a provider that is not configured: 404 for everyone.
NO_SUCH_PROVIDER = statuses(default=MISSING, anonymous=MISSING)

#: Every logged-in user, role or not; anonymous visitors are sent to the login.
ANY_LOGGED_IN = statuses(default=OK)
#: Sent on (302) for every logged-in user: to the password again first, or (set password) to change
#: it; anonymous visitors are sent to the login.
REAUTHENTICATE_FIRST = statuses(default=LOGIN)
#: Nothing set up yet: 404 for every logged-in user, login for anonymous visitors.
NOT_SET_UP = statuses(default=MISSING)

EXPECTED = {
    "account_login": (None, statuses(default=LOGIN, anonymous=OK)),  # logged-in users are sent on
    "logout": (None, statuses(default=OK)),  # asks "log out?"; a POST logs out
    "account_logout": (None, statuses(default=OK)),
    # The two-factor step of a login only exists during a login: everyone else goes to the login.
    "mfa_authenticate": (None, statuses(default=LOGIN)),
    "account_inactive": (None, PUBLIC),
    "account_reset_password": (None, PUBLIC),
    "account_reset_password_done": (None, PUBLIC),
    # A made-up link: the page says the link does not work.
    "account_reset_password_from_key": (lambda w: {"uidb36": "1", "key": "x-y"}, PUBLIC),
    "account_reset_password_from_key_done": (None, PUBLIC),
    "mfa_index": (None, ANY_LOGGED_IN),
    "account_change_password": (None, ANY_LOGGED_IN),
    "account_set_password": (None, REAUTHENTICATE_FIRST),  # has a password: sent to change it
    "account_reauthenticate": (None, ANY_LOGGED_IN),
    "mfa_reauthenticate": (None, REAUTHENTICATE_FIRST),  # no app set up: sent to the password instead
    "mfa_activate_totp": (None, REAUTHENTICATE_FIRST),
    "mfa_deactivate_totp": (None, NOT_SET_UP),
    "mfa_view_recovery_codes": (None, NOT_SET_UP),
    "mfa_generate_recovery_codes": (None, REAUTHENTICATE_FIRST),
    "mfa_download_recovery_codes": (None, NOT_SET_UP),
    "accounts:staff_two_factor": (lambda w: {"pk": w.users["coord_kba"].pk}, ADMIN_ONLY),
    "accounts:sso_admin": (None, ADMIN_ONLY),
    "openid_connect_login": (lambda w: {"provider_id": "kommun"}, NO_SUCH_PROVIDER),
    "openid_connect_callback": (lambda w: {"provider_id": "kommun"}, NO_SUCH_PROVIDER),
    "saml_login": (lambda w: {"organization_slug": "kommun"}, NO_SUCH_PROVIDER),
    # The identity provider's answer is kept and carried on to the finish page (302) whatever it is.
    "saml_acs": (lambda w: {"organization_slug": "kommun"}, statuses(default=LOGIN, anonymous=LOGIN)),
    "saml_finish_acs": (lambda w: {"organization_slug": "kommun"}, NO_SUCH_PROVIDER),
    "saml_sls": (lambda w: {"organization_slug": "kommun"}, NO_SUCH_PROVIDER),
    "saml_metadata": (lambda w: {"organization_slug": "kommun"}, NO_SUCH_PROVIDER),
    "socialaccount_login_cancelled": (None, PUBLIC),
    # Reached after a failed login through a provider: says so, with 401.
    "socialaccount_login_error": (None, statuses(default=401, anonymous=401)),
}
