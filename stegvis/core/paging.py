"""Paging for lists that may hold a million rows: count no further than anyone reads.

An exact ``COUNT(*)`` over a million persons or audit entries costs more than the page it heads
(PostgreSQL reads every row to count it). :class:`CappedPaginator` counts at most ``cap`` rows
(``SELECT COUNT(*) FROM (… LIMIT cap + 1)``): below the cap the count is exact, above it the list
says "more than 1 000" and offers the first ``cap`` rows in pages (40 pages of 25), which is more
than anyone pages through; a search or a filter narrows it. The count and the page are two
queries whatever the size of the table.

Why 1 000 and not more: counting is reading. Counting to 10 000 took most of the time of a
project leader's list at a million participants (``bench/pages.py``: the project's 10 000
persons, each looked up). Past a thousand the number is no help in finding someone; the
project's report gives the figures.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

COUNT_CAP = 1_000


def _queryset(object_list: Any) -> "QuerySet[Any] | None":
    """The queryset behind ``object_list``: itself, or the one django-tables2's rows wrap."""
    if isinstance(object_list, QuerySet):
        return object_list
    data = getattr(getattr(object_list, "data", None), "data", None)  # BoundRows -> TableData -> QuerySet
    return data if isinstance(data, QuerySet) else None


class CappedPaginator(Paginator):  # type: ignore[type-arg]  # the rows are any model
    """A paginator whose count stops at ``cap`` (``capped`` says whether there are more rows).

    Use it for a django-tables2 table with
    ``RequestConfig(request, paginate={"per_page": n, "paginator_class": CappedPaginator})``.
    """

    cap = COUNT_CAP

    @cached_property
    def _counted(self) -> int:
        """The number of rows, counted up to one past the cap."""
        queryset = _queryset(self.object_list)
        if queryset is None:
            return len(self.object_list)
        return queryset.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count(self) -> int:  # Paginator.count is a cached_property; a property here
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        """Whether there are more rows than the count says (more than ``cap``)."""
        return self._counted > self.cap
