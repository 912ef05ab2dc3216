"""Whose data-quality page a user may open, by the existing rules (:mod:`stegvis.core.access`).

The lists name persons, so they are for staff with access to the records (administrators,
project leaders, coordinators: ``Rule.PERSONAL_DATA``); evaluators see the counts in the report
only. The rows are the enrolments the user may see (``Enrollment.objects.restrict(user, VIEW)``):
a coordinator sees their organisation's, a project leader the whole project. An organisation's
page is open to those who may see at least one of its enrolments, and to its coordinators.
"""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from stegvis.core.access import VIEW, scope_of
from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment

ORGANIZATION_NOT_FOUND = _("Organisationen finns inte eller så saknar du behörighet.")


def visible_enrollments(user):
    return Enrollment.objects.restrict(user, VIEW)


def organizations_for(user):
    """The organisations whose data-quality page ``user`` may open."""
    scope = scope_of(user)
    if scope.is_admin:
        return Organization.objects.all()
    seen = visible_enrollments(user).order_by().values("organization_id")
    return Organization.objects.filter(Q(pk__in=seen) | Q(pk__in=scope.coordinator_organizations))


def organization_or_404(user, code):
    organization = organizations_for(user).filter(code=code).first()
    if organization is None:
        raise Http404(ORGANIZATION_NOT_FOUND)
    return organization
