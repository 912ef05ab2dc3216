"""Counts per group of enrolments with the progression rule's measured and positive joined in.

What works (per way of working) and the summary per coordinator both want, per group, the
enrolments, some flags summed (exits, work or studies) and how many were measured and moved
forward by the progression rule. The rule comes as SQL from the progression app
(:func:`stegvis.reports.project_report.positive_progression`), so it is joined to the grouped
rows in one statement and runs once, however many groups there are.
"""

from django.db import connections

from stegvis.core.sql import compiled_sql
from stegvis.reports.project_report import positive_progression

_NOBODY_MEASURED = ("SELECT CAST(NULL AS BIGINT) AS enrollment_id, 0 AS positive WHERE 1 = 0", ())


def grouped_with_progression(project, scope, on, rows, pk_column, group_columns, sum_columns):
    """``[(*group values, enrolments, *sums, measured, positive)]`` per combination of ``group_columns``.

    ``rows`` is a ``values()`` queryset with one row per enrolment of ``scope``: its id as
    ``pk_column``, the ``group_columns`` and the 0/1 ``sum_columns``. ``positive`` is ``None``
    in a group nobody was measured in.
    """
    compiled = compiled_sql(rows)
    if compiled is None:
        return []
    rows_sql, params = compiled
    connection = connections[rows.db]
    quote = connection.ops.quote_name
    columns = ", ".join(f"g.{quote(column)}" for column in group_columns)
    sums = "".join(f", SUM(g.{quote(column)})" for column in sum_columns)
    measured_sql, measured_params = positive_progression(project, scope, on) or _NOBODY_MEASURED
    sql = f"""
        SELECT {columns}, COUNT(*){sums}, COUNT(m.enrollment_id), SUM(m.positive)
        FROM ({rows_sql}) g
        LEFT JOIN ({measured_sql}) m ON m.enrollment_id = g.{quote(pk_column)}
        GROUP BY {columns}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *measured_params))
        return cursor.fetchall()
