"""The "Tidrapporter" section of the participant page.

The months of the person's enrolments the user may see, newest first, each with its hours and
status and a link to the printable month. One query however many months.
"""

from django.db.models import Sum

from stegvis.core.access import VIEW
from stegvis.timereports.models import MonthReport

MONTHS_SHOWN = 12


def section_context(user, person, enrollments):
    ids = [e.pk for e in enrollments]
    months = (
        MonthReport.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("enrollment__project")
        .annotate(hours=Sum("entries__hours"))
        .order_by("-month", "pk")[:MONTHS_SHOWN]
    )
    return {"time_reports": list(months)}
