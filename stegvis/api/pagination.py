"""Cursor pagination: stable pages over lists that change while a client reads them.

An offset page shifts when a row is added before it; a cursor (the last id seen, encoded) does
not, and costs one indexed range query however deep the client has read, which matters at a
million rows. ``limit`` sets the page size, up to :data:`MAX_LIMIT`.
"""

from rest_framework.pagination import CursorPagination

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class IdCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = DEFAULT_LIMIT
    page_size_query_param = "limit"
    max_page_size = MAX_LIMIT
    page_size_query_description = "Antal rader per sida (högst 1000, 100 om inget anges)."
    cursor_query_description = "Markören från föregående svars next eller previous."
    invalid_cursor_message = "Markören är ogiltig."
