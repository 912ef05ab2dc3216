"""A real SAML 2.0 identity provider for the SSO tests: pysaml2's ``Server`` behind a small WSGI app.

Started as a process by :mod:`stegvis.accounts.tests.test_sso_saml`. It publishes its metadata,
reads Stegvis' service-provider metadata from the address Stegvis publishes (at the first
login, when Stegvis is up), checks the signature of Stegvis' authentication request against the
certificate in that metadata, asks for a user name and password, and answers with a response
whose assertion it signs with the ``xmlsec1`` program, handed to the browser to post to
Stegvis' Assertion Consumer Service. Its people are read from a JSON file the test writes and
may rewrite between logins.
"""
