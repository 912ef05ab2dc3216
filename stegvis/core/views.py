"""The health check (the start page is the home app's, the login pages the accounts app's)."""

from django.db import connection
from django.http import HttpRequest, JsonResponse

from stegvis.core.access import Rule, access_rule


@access_rule(Rule.PUBLIC)
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
