"""Places where later apps add to pages they do not own.

Two kinds of extension, both registered from an app's ``AppConfig.ready()`` so that the app that
owns a page never imports the apps that build on it:

- *Participant sections*: a panel on the participant page (progression, follow-up after exit,
  ...). ``context(user, person, enrollments)`` returns the section's template context;
  ``enrollments`` are the person's enrolments the user may see. A section registered with
  ``takes_query=True`` also gets ``query``, the page's GET parameters (e.g. which measurements a
  chart draws), so a choice works as a plain GET form without script.
- *Participant actions*: a common task (register a contact, a measurement, a plan goal) offered
  at the top of the participant page for each ongoing enrolment the user may change.
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
    #: The section's entry in the page's own menu ("På sidan"); ``None`` leaves it out.
    label: "StrOrPromise | None" = None
    #: Whether ``context`` also takes ``query`` (the page's GET parameters).
    takes_query: bool = False

    def context_for(self, user: Any, person: Any, enrollments: Any, query: Any = None) -> dict[str, Any]:
        if self.takes_query:
            return self.context(user, person, enrollments, query=query)
        return self.context(user, person, enrollments)


@dataclass(frozen=True)
class ProjectPage:
    name: str
    label: "StrOrPromise"
    url_name: str
    order: int


@dataclass(frozen=True)
class ParticipantAction:
    """A common task offered at the top of the participant page, per ongoing enrolment."""

    name: str
    label: "StrOrPromise"
    url_name: str
    fragment: str
    order: int


_participant_sections: Registry[ParticipantSection] = Registry("participant section")
_participant_actions: Registry[ParticipantAction] = Registry("participant action")
_project_pages: Registry[ProjectPage] = Registry("project page")


def register_participant_section(
    name: str,
    *,
    template: str,
    context: Callable[..., dict[str, Any]],
    order: int = 100,
    label: "StrOrPromise | None" = None,
    takes_query: bool = False,
) -> None:
    """Show ``template`` on the participant page (lower ``order`` first).

    With a ``label`` (a lazy translation) the section is listed in the page's own menu, which
    links to it as ``#del-<name>``. With ``takes_query`` the context function is called with
    ``query=`` the page's GET parameters as well.
    """
    section = ParticipantSection(name, template, context, order, label, takes_query)
    _participant_sections.register(name, section, order=order)


def participant_sections(user: Any, person: Any, enrollments: Any) -> list[tuple[str, dict[str, Any]]]:
    """``[(template, context)]`` of every registered section, in order."""
    return [(s.template, s.context_for(user, person, enrollments)) for s in _participant_sections]


def register_participant_action(
    name: str, *, label: "StrOrPromise", url_name: str, fragment: str = "", order: int = 100
) -> None:
    """Offer ``label`` at the top of the participant page for each ongoing enrolment the user may
    change; the link is ``url_name`` with the enrolment's id, plus ``fragment`` (e.g. ``#ny``)."""
    action = ParticipantAction(name, label, url_name, fragment, order)
    _participant_actions.register(name, action, order=order)


def participant_actions() -> list[ParticipantAction]:
    """The registered common tasks, in order."""
    return list(_participant_actions)


@dataclass(frozen=True)
class ShownSection:
    """A section as the participant page shows it: its anchor, its menu label, what to render."""

    anchor: str
    label: "StrOrPromise | None"
    template: str
    context: dict[str, Any]


def shown_participant_sections(
    user: Any, person: Any, enrollments: Any, query: Any = None
) -> list[ShownSection]:
    """Every registered section, in order, with what the page's menu needs."""
    return [
        ShownSection(f"del-{s.name}", s.label, s.template, s.context_for(user, person, enrollments, query))
        for s in _participant_sections
    ]


def register_project_page(name: str, *, label: "StrOrPromise", url_name: str, order: int = 100) -> None:
    """Add a link ``label`` (a lazy translation) to ``url_name`` (taking the project ``code``)."""
    _project_pages.register(name, ProjectPage(name, label, url_name, order), order=order)


def project_pages() -> list[ProjectPage]:
    """The project's report pages other apps registered, in order."""
    return list(_project_pages)
