"""Which OAuth 2 scopes a client may be given: ``read`` and ``write``, or ``read`` alone.

django-oauth-toolkit asks the scopes backend which scopes an application may have when a
client asks for a token; a client made read-only (``stegvis api-client create --read-only``)
is offered ``read`` only, so asking for ``write`` is refused (``invalid_scope``) and its
tokens can never change anything (:class:`stegvis.api.permissions.TokenMayWrite`).
"""

from typing import Any

from oauth2_provider.scopes import SettingsScopes

from stegvis.api.models import ClientLimit

READ = "read"


def is_read_only(application: Any) -> bool:
    return ClientLimit.objects.filter(application=application, read_only=True).exists()


class ClientScopes(SettingsScopes):
    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        scopes: list[str] = list(super().get_available_scopes(application, request, *args, **kwargs))
        if application is not None and is_read_only(application):
            return [scope for scope in scopes if scope == READ]
        return scopes
