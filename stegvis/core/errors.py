"""Errors that actions raise and pages show as clear Swedish messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ActionError(ValidationError):
    """Input an action refuses. Carries field names, so forms show the message at the field."""


class ConflictError(ActionError):
    """Someone else saved the record after it was opened; nothing was written."""

    def __init__(self, message=None):
        super().__init__(
            message
            or _(
                "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ingenting sparades. "
                "Ladda om sidan för att se de senaste uppgifterna och gör din ändring igen."
            ),
            code="conflict",
        )


class NotAllowed(ActionError):
    def __init__(self, message=None):
        super().__init__(
            message or _("Du har inte behörighet att göra den här ändringen."), code="not_allowed"
        )
