"""``/api/oauth/token/``: OAuth 2 access tokens for machine clients (client credentials only).

Only the token endpoint is served: no authorisation pages, no consent, no refresh tokens (the
client-credentials grant has none). A client authenticates with its id and secret (HTTP Basic or
the form body) and gets an access token that lives an hour; which grants an application may use
is its own setting, and ``stegvis api-client create`` makes client-credentials applications only.
"""

from oauth2_provider import views

from stegvis.core.access import Rule


class TokenView(views.TokenView):
    """The token endpoint: open to anyone, since the client's id and secret are checked here."""

    access_rule = Rule.PUBLIC
