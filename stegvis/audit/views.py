"""The audit log page: administrators see who read or changed personal data."""

from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from stegvis.audit.filters import AuditFilter
from stegvis.audit.log import record_table
from stegvis.audit.models import AuditEntry
from stegvis.audit.tables import AuditTable
from stegvis.core.access import Rule, access_rule
from stegvis.core.paging import CappedPaginator

PER_PAGE = 50


@access_rule(Rule.ADMIN)
@vary_on_headers("HX-Request")
def audit_list(request):
    filterset = AuditFilter(request.GET or None, queryset=AuditEntry.objects.select_related("person"))
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    table = AuditTable(queryset, order_by=("-at",))
    RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": CappedPaginator}).configure(
        table
    )
    record_table(request, table, "audit.auditentry", detail=gettext("Granskningsloggen"), persons=False)
    context = {
        "filter": filterset,
        "table": table,
        "total": table.paginator.count,
        "more": table.paginator.capped,
    }
    if request.htmx and request.htmx.target == "log-region":
        return render(request, "audit/_log_region.html", context)
    return render(request, "audit/list.html", context)
