"""How a stored value reads in an extract: plain Swedish text, or nothing when it is empty.

One function for every section and every format, so a date or a yes/no reads the same in the
PDF, the Word file and the JSON, and an empty field is left out rather than shown blank.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


#: Control characters (a note pasted from elsewhere may carry them) that no document format takes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def staff_name(user: Any) -> str:
    """A staff member as the person reads them: the full name, else the user name."""
    return user.get_full_name() or user.get_username()


def text(value: Any) -> str | None:
    """``value`` as text; ``None`` for an empty value (the field is then left out)."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else f"{value:%Y-%m-%d %H:%M}"
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, get_user_model()):
        return staff_name(value)
    if isinstance(value, (list, tuple)):
        parts = [part for part in (text(v) for v in value) if part]
        return "; ".join(parts) or None
    return _CONTROL.sub("", str(value).replace("\t", " ")) or None


@dataclass(frozen=True)
class Field:
    """One field of a record in an extract: a stable key, a Swedish label, how to read it."""

    key: str
    label: "StrOrPromise"
    read: Callable[[Any], Any]


def model_field(model: type[models.Model], name: str, label: "StrOrPromise | None" = None) -> Field:
    """The field ``name`` of ``model``, labelled as the forms label it; choices read as their words."""
    field = model._meta.get_field(name)
    verbose = label or capfirst(getattr(field, "verbose_name", name))
    display = f"get_{name}_display"

    def read(obj: Any) -> Any:
        if getattr(field, "choices", None) and getattr(obj, name) not in (None, ""):
            return getattr(obj, display)()
        return getattr(obj, name)

    return Field(name, verbose, read)


def fields(model: type[models.Model], *names: str) -> list[Field]:
    """:func:`model_field` for each of ``names``."""
    return [model_field(model, name) for name in names]
