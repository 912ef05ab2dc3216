"""File downloads: one way to name the file the browser saves.

File names are built from project and organisation codes, which come from forms and imported
files. The name is reduced to letters, digits, ``.``, ``_`` and ``-`` (nothing that could end the
header, change the folder or start a formula in a program that shows the name), and the header is
written by Django's :func:`~django.utils.http.content_disposition_header`, which quotes or encodes
what a plain header cannot carry.
"""

import re

from django.http import HttpResponse
from django.utils.http import content_disposition_header

_UNSAFE = re.compile(r"[^\w.-]+")


def safe_filename(name: str) -> str:
    """``name`` with every run of other characters replaced by ``-``, never starting with ``.`` or ``-``."""
    return _UNSAFE.sub("-", name).lstrip(".-") or "fil"


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as ``filename`` (made safe by :func:`safe_filename`)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response
