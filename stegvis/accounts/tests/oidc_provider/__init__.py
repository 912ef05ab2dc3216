"""A real OpenID Provider for the SSO tests: django-oauth-toolkit with OpenID Connect.

A Django project of its own (not Stegvis), started as a process by
:mod:`stegvis.accounts.tests.test_sso_oidc`: a login form, the authorization, token, user-info
and key endpoints, RS256 ID tokens signed with a key made at test start. Its people are read
from a JSON file the test writes (and may rewrite between logins: their groups are read at each
login), as an organisation's directory would tell the provider.
"""
