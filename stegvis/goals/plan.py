"""The implementation plan as the report's ``plan`` section, so the exports can include it.

The plan is the project's current plan (it has no history), whatever the report date.
"""

import datetime

from django.utils import formats
from django.utils.translation import gettext as _

from stegvis.goals.models import StepStatus


def step_entry(step):
    return {
        "id": step.pk,
        "what": step.what,
        "how": step.how,
        "who": step.who,
        "start": step.start_date.isoformat() if step.start_date else None,
        "end": step.end_date.isoformat() if step.end_date else None,
        "status": step.status,
        "note": step.note,
        "order": step.order,
    }


def plan_section(project, report, scope):
    """Every step of the project's plan, in order (one query)."""
    from stegvis.goals.models import ImplementationStep

    return [
        step_entry(step)
        for step in ImplementationStep.objects.filter(project=project).order_by("order", "start_date", "pk")
    ]


def _month(day):
    return formats.date_format(day, "F Y")


def _whole_months(start, end):
    """True when ``start``..``end`` runs from a first of the month to a last of the month."""
    return start.day == 1 and (end + datetime.timedelta(days=1)).day == 1


def when_text(start, end):
    """ "mars 2024", "mars – maj 2024" or "2024-03-05 – 2024-04-20" (ISO strings or dates)."""
    start = datetime.date.fromisoformat(start) if isinstance(start, str) else start
    end = datetime.date.fromisoformat(end) if isinstance(end, str) else end
    if start and end:
        if _whole_months(start, end):
            if (start.year, start.month) == (end.year, end.month):
                return _month(start)
            return f"{_month(start)} – {_month(end)}"
        return f"{start.isoformat()} – {end.isoformat()}"
    if start:
        return _("från %(date)s") % {"date": start.isoformat()}
    if end:
        return _("senast %(date)s") % {"date": end.isoformat()}
    return ""


def is_overdue(entry, today):
    """A step still planned or under way whose end date has passed (shown as a hint, not a status)."""
    return (
        bool(entry["end"])
        and entry["status"] in (StepStatus.PLANERAD, StepStatus.PAGAR)
        and (datetime.date.fromisoformat(entry["end"]) < today)
    )
