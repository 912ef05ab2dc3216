"""What the start page shows, by role.

A user may hold several roles; each adds its own section. Figures are counted in the
database: the coordinator's counts in one aggregate, the project leader's tiles by the
report's own key-figure aggregates (:mod:`stegvis.reports.figures`), so the start page and
the project report can never disagree.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from stegvis.core.access import REPORT
from stegvis.home.caseload import caseload, due_for_measurement
from stegvis.home.tables import caseload_table
from stegvis.organizations.models import Project
from stegvis.participants.models import counted_q


def _month_start(today):
    return today.replace(day=1)


def coordinator_section(request, user, today):
    """The coordinator's own caseload with each person's state, and this month's movements.

    The caseload names persons and their state, so showing it is audited as a list (one entry
    for the list and one per person shown, two INSERTs whatever the size).
    """
    from stegvis.audit.log import record_list
    from stegvis.participants.filters import visible_enrollments
    from stegvis.worklist.summary import worklist_summary

    mine = visible_enrollments(user).filter(coordinator=user)
    month_start = _month_start(today)
    counts = mine.aggregate(
        active=Count("pk", filter=Q(end_date__isnull=True)),
        started=Count("pk", filter=Q(start_date__gte=month_start, start_date__lte=today)),
        exited=Count("pk", filter=Q(counted_q(), end_date__gte=month_start, end_date__lte=today)),
    )
    rows = caseload(mine, today)
    record_list(
        user,
        "caseload",
        detail=f"Mina deltagare {today.isoformat()}",
        params=request.GET,
        shown=len(rows),
        persons={row.person.pk: row.person for row in rows}.values(),
        person_detail=gettext("Startsidan, mina deltagare"),
    )
    return {
        "counts": counts,
        "rows": rows,
        "table": caseload_table(rows, request),
        "needing_action": sum(1 for row in rows if row.attention),
        # The worklist's measurement count is the caseload's own due list, not worked out again.
        "worklist": worklist_summary(user, today, measurements=due_for_measurement(rows)),
    }


def leader_section(scope):
    """Key figures of each project the user leads, all projects in one query, and its data quality.

    The report's own key-figure aggregates (:func:`stegvis.reports.figures.key_figures_for_projects`),
    not the whole report: the tiles need five numbers, and the full report of a large project
    costs a second. The data-quality total and trend come from :mod:`stegvis.quality.summary`.
    """
    from stegvis.quality.summary import quality_panels
    from stegvis.reports.figures import key_figures_for_projects

    projects = list(Project.objects.filter(pk__in=scope.leader_projects).order_by("name"))
    figures = key_figures_for_projects(projects)
    quality = quality_panels(projects, timezone.localdate())
    return [
        {"project": project, "figures": figures[project.pk], "quality": quality[project.pk]}
        for project in projects
    ]


def women_share(figures):
    by_gender = figures.get("by_gender") or {}
    total = sum(by_gender.values())
    return round(100 * by_gender.get("K", 0) / total) if total else None


def work_share(figures):
    exits = figures.get("exits_total") or 0
    share = (figures.get("work_or_studies") or {}).get("share")
    return round(100 * share) if exits and share is not None else None


def admin_section():
    from stegvis.audit.models import AuditEntry
    from stegvis.participants.models import Enrollment, Person

    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return {
        "persons": Person.objects.filter(merged_into__isnull=True).count(),
        "active_enrollments": Enrollment.objects.filter(end_date__isnull=True).count(),
        "projects": Project.objects.count(),
        "staff": get_user_model()
        .objects.filter(is_active=True, staff_roles__isnull=False)
        .distinct()
        .count(),
        "audit_today": AuditEntry.objects.filter(at__gte=midnight).count(),
    }


def dashboard_context(user, scope, request=None):
    today = timezone.localdate()
    context = {"scope": scope, "today": today}
    if scope.coordinator_scopes and request is not None:
        context["coordinator"] = coordinator_section(request, user, today)
    if scope.coordinator_scopes:
        from stegvis.transfers.queries import incoming_count

        # Proposals addressed to the user's organisation: a count and a link, no names.
        context["transfers_incoming"] = incoming_count(user)
    if scope.leader_projects:
        sections = leader_section(scope)
        for section in sections:
            section["women_share"] = women_share(section["figures"])
            section["work_share"] = work_share(section["figures"])
        context["leader"] = sections
    if scope.evaluator_all or scope.evaluator_projects:
        context["evaluator_projects"] = (
            Project.objects.restrict(user, REPORT).select_related("owner").order_by("name")
        )
    if scope.is_admin:
        context["admin"] = admin_section()
    if scope.has_personal_data_access:
        context["may_see_participants"] = True
    context["report_projects"] = Project.objects.restrict(user, REPORT).order_by("name")
    return context
