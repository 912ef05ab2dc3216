"""Response headers for pages reached without logging in (one-time links, public forms)."""

from typing import TypeVar

from django.http import HttpResponseBase

Response = TypeVar("Response", bound=HttpResponseBase)


def private(response: Response) -> Response:
    """Keep a public page out of caches, referrers and search engines.

    A one-time token in the address, or what someone just typed into a public form, must not be
    stored by a proxy, leaked to another site or indexed.
    """
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would make form posts send Origin: null
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
