"""A user's roles are read once per request, however many access checks a page makes.

Converting a self-referral checks the request, the person (when reused), the right to register
and to enrol, and then writes through the participants actions; every one of those asks
``restrict`` or ``works_on``, and all of them must share the scope cached on ``request.user``.
"""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.intake.models import IntakeRequest
from stegvis.intake.testing import make_request

ROLE_QUERY = re.compile(
    r'^SELECT\s+"organizations_staffrole"\."role"(\s+AS\s+"role")?,\s+"organizations_staffrole"\."organization_id"'
)


def _role_queries(context):
    return [query["sql"] for query in context.captured_queries if ROLE_QUERY.match(query["sql"])]


def test_converting_a_request_reads_the_roles_once_per_request(world, login_as):
    intake_request = make_request(world, name="Nora Nilsson", language="ar")
    client = login_as(world.users["coord_kba"])
    url = reverse("intake:convert", args=[intake_request.pk])
    with CaptureQueriesContext(connection) as form_page:
        assert client.get(url).status_code == 200
    assert len(_role_queries(form_page)) == 1
    data = {
        "version": intake_request.version,
        "first_name": "Nora",
        "last_name": "Nilsson",
        "gender": "K",
        "birth_year": "2007",
        "phone": "070-123 45 67",
        "contact_preference": "sms",
        "language": "ar",
        "project": world.projects["helhetslyftet"].pk,
        "organization": world.orgs["kungsbacka"].pk,
        "start_date": "2024-05-02",
        "coordinator": world.users["coord_kba"].pk,
    }
    with CaptureQueriesContext(connection) as conversion:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    assert IntakeRequest.objects.get(pk=intake_request.pk).enrollment is not None
    assert len(_role_queries(conversion)) == 1
