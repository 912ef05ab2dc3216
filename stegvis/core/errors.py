"""Errors that actions raise and pages show as clear Swedish messages."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionError(ValidationError):
    """Input an action refuses. Carries field names, so forms show the message at the field."""


class ConflictError(ActionError):
    """Someone else saved the record after it was opened; nothing was written."""

    def __init__(self, message: "StrOrPromise | None" = None) -> None:
        super().__init__(
            message
            or _(
                "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ingenting sparades. "
                "Ladda om sidan för att se de senaste uppgifterna och gör din ändring igen."
            ),
            code="conflict",
        )


class NotAllowed(ActionError):
    """The user may not make this change (the page let them try, the action still refuses)."""

    def __init__(self, message: "StrOrPromise | None" = None) -> None:
        super().__init__(
            message or _("Du har inte behörighet att göra den här ändringen."), code="not_allowed"
        )
