"""Composing a few hand-joined queries out of querysets.

Some figures need two querysets joined on a column (grouped rows and the progression rule's
measured enrolments, say), which the ORM cannot express; they are compiled here and joined in
one SQL statement, so the database runs each part once.
"""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet


def compiled_sql(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]] | None:
    """``(sql, params)`` of ``queryset``, or ``None`` when it can match nothing (e.g. ``pk__in=[]``)."""
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return None
    return sql, tuple(params)
