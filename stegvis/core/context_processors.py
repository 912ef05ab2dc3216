"""Template context every page needs: the main menu and the header's participant search."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from stegvis.core.access import Rule


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main menu: only the entries the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = [
        (_("Start"), "home", Rule.STAFF),
        (_("Arbetslista"), "worklist:index", Rule.PERSONAL_DATA),
        (_("Deltagare"), "participants:list", Rule.PERSONAL_DATA),
        (_("Intag"), "intake:queue", Rule.PERSONAL_DATA),
        (_("Kontakter"), "contacts:mine", Rule.PERSONAL_DATA),
        (_("Startgrupper"), "cohorts:list", Rule.PERSONAL_DATA),
        (_("Tidrapporter"), "timereports:index", Rule.PERSONAL_DATA),
        (_("Överföringar"), "transfers:list", Rule.PERSONAL_DATA),
        (_("Insatser"), "interventions:catalogue_index", Rule.PERSONAL_DATA),
        (_("Arbetsgivare"), "employers:list", Rule.PERSONAL_DATA),
        (_("Projekt"), "reports:project_list", Rule.STAFF),
        (_("Import"), "exchange:import", Rule.ADMIN),
        (_("Logg"), "audit:list", Rule.ADMIN),
        (_("Administration"), "organizations:index", Rule.ADMIN),
    ]
    items: list[dict[str, Any]] = []
    current = request.path
    for label, name, rule in entries:
        if not rule.allows(user):
            continue
        try:
            url = reverse(name)
        except Exception:  # the app does not have the page (yet): leave it out of the menu
            continue
        active = current == url if url == "/" else current.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    personal_data = Rule.PERSONAL_DATA.allows(user)
    # Reminder e-mails are about personal-data work; evaluators have none to set. The search
    # field in the header finds participants, so it is there for the same people.
    return {"nav_items": items, "reminder_settings": personal_data, "header_search": personal_data}
