"""Render the sections other apps register on a page (see :mod:`stegvis.core.sections`)."""

from typing import Any, cast

from django import template
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _

from stegvis.core.sections import project_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def render_section(context: template.Context, template_name: str, section_context: dict[str, Any]) -> str:
    """Render ``template_name`` with the page's context plus the section's own."""
    values = cast(dict[str, Any], context.flatten())
    values.update(section_context)
    return get_template(template_name).render(values, context.get("request"))


@register.inclusion_tag("core/_project_pages.html", takes_context=True)
def project_pages_menu(context: template.Context, project: Any) -> dict[str, Any]:
    """The menu of a project's report pages, with the current one marked."""
    request = context.get("request")
    current = request.path if request else ""
    links: list[dict[str, Any]] = [
        {"label": _("Rapport"), "url": reverse("reports:project_report", kwargs={"code": project.code})}
    ]
    for page in project_pages():
        links.append({"label": page.label, "url": reverse(page.url_name, kwargs={"code": project.code})})
    for link in links:
        link["active"] = current == link["url"]
    return {"links": links, "project": project}
