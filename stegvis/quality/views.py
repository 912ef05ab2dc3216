"""The data-quality pages of a project and of an organisation (under /kvalitet/).

The counts are those of the report's ``data_quality`` section, over the enrolments the user may
see (for an administrator or the project's leader, exactly the report's figures); the lists name
persons, so a view is audited like the participant list (one entry for the list, one per person
shown, one INSERT). ``?typ=`` chooses the kind listed; the rest of the query string pages it.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import record_list
from stegvis.core.access import VIEW, Rule, access_rule
from stegvis.organizations.access import project_or_404
from stegvis.participants.models import Person
from stegvis.quality.access import organization_or_404, visible_enrollments
from stegvis.quality.kinds import KINDS, LABELS, MISSING_EXIT
from stegvis.quality.lists import FIX, per_coordinator, problem_rows
from stegvis.quality.report import quality_counts
from stegvis.reports.counting import scoped_enrollments


def _page(request, *, subject, object_type, enrollments, template_context):
    on = timezone.localdate()
    kind = request.GET.get("typ")
    if kind not in KINDS:
        kind = MISSING_EXIT
    scope = scoped_enrollments(on, queryset=enrollments)
    counts = quality_counts(scope, on)
    page, rows = problem_rows(kind, scope, on, request.GET.get("sida") or 1)
    shown = [Person(pk=person.pk) for row in rows for person in row.persons]
    record_list(
        request.user,
        object_type,
        detail=f"Datakvalitet {subject} {on.isoformat()}: {kind}",
        params=request.GET,
        shown=len(rows),
        total=page.paginator.count,
        persons=shown,
        person_detail=_("Datakvalitet"),
    )
    kinds = [
        {"key": key, "label": LABELS[key], "count": counts[key], "current": key == kind} for key in KINDS
    ]
    context = {
        "on": on,
        "kinds": kinds,
        "total": sum(counts.values()),
        "kind": kind,
        "kind_label": LABELS[kind],
        "fix_label": FIX[kind][1],
        "page": page,
        "rows": rows,
        "coordinators": per_coordinator(scope, on),
        **template_context,
    }
    return render(request, "quality/page.html", context)


@access_rule(Rule.PERSONAL_DATA)
def project_page(request, code):
    """A project's records that need attention, among those the user may see."""
    project = project_or_404(request.user, code, VIEW)
    return _page(
        request,
        subject=project.code,
        object_type="quality.project",
        enrollments=visible_enrollments(request.user).filter(project=project),
        template_context={"project": project, "title": project.name},
    )


@access_rule(Rule.PERSONAL_DATA)
def organization_page(request, code):
    """An organisation's enrolments (in every project) that need attention, among those the user may see."""
    organization = organization_or_404(request.user, code)
    return _page(
        request,
        subject=organization.code,
        object_type="quality.organization",
        enrollments=visible_enrollments(request.user).filter(organization=organization),
        template_context={"organization": organization, "title": organization.name},
    )
