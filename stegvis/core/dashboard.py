"""What the start page shows, by role."""

from stegvis.core.access import VIEW
from stegvis.organizations.models import Project


def dashboard_context(user, scope):
    from stegvis.participants.models import Enrollment

    context = {"scope": scope}
    if scope.coordinator_scopes or scope.is_admin:
        context["caseload"] = (
            Enrollment.objects.restrict(user, VIEW)
            .filter(coordinator=user, end_date__isnull=True)
            .select_related("person", "project")
            .order_by("start_date")
        )
    context["projects"] = Project.objects.restrict(user, "report").select_related("owner")
    return context
