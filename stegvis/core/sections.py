"""Places where later apps add to pages they do not own.

Two kinds of extension, both registered from an app's ``AppConfig.ready()`` so that the app that
owns a page never imports the apps that build on it:

- *Participant sections*: a panel on the participant page (progression, follow-up after exit,
  ...). ``context(user, person, enrollments)`` returns the section's template context;
  ``enrollments`` are the person's enrolments the user may see.
- *Project pages*: a link in the menu of a project's report pages (follow-up, goals, exports,
  ...). The link is shown to everyone who may open the report; the target page decides the rest.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stegvis.core.registry import Registry

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class ParticipantSection:
    name: str
    template: str
    context: Callable[..., dict[str, Any]]
    order: int


@dataclass(frozen=True)
class ProjectPage:
    name: str
    label: "StrOrPromise"
    url_name: str
    order: int


_participant_sections: Registry[ParticipantSection] = Registry("participant section")
_project_pages: Registry[ProjectPage] = Registry("project page")


def register_participant_section(
    name: str, *, template: str, context: Callable[..., dict[str, Any]], order: int = 100
) -> None:
    """Show ``template`` on the participant page (lower ``order`` first)."""
    _participant_sections.register(name, ParticipantSection(name, template, context, order), order=order)


def participant_sections(user: Any, person: Any, enrollments: Any) -> list[tuple[str, dict[str, Any]]]:
    """``[(template, context)]`` of every registered section, in order."""
    return [(s.template, s.context(user, person, enrollments)) for s in _participant_sections]


def register_project_page(name: str, *, label: "StrOrPromise", url_name: str, order: int = 100) -> None:
    """Add a link ``label`` (a lazy translation) to ``url_name`` (taking the project ``code``)."""
    _project_pages.register(name, ProjectPage(name, label, url_name, order), order=order)


def project_pages() -> list[ProjectPage]:
    """The project's report pages other apps registered, in order."""
    return list(_project_pages)
