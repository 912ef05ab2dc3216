"""Panels that apps built on the register add to an employer's page.

The interventions app shows the placements linked to the employer there; it registers its panel
from its ``AppConfig.ready()`` so the register, which interventions link to, never imports them.
``context(user, employer)`` returns the panel's template context and is itself responsible for
showing only what the user may see (and for auditing what it shows).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stegvis.core.registry import Registry


@dataclass(frozen=True)
class EmployerSection:
    name: str
    template: str
    context: Callable[[Any, Any], dict[str, Any]]


_sections: Registry[EmployerSection] = Registry("employer section")


def register_employer_section(
    name: str, *, template: str, context: Callable[[Any, Any], dict[str, Any]], order: int = 100
) -> None:
    """Show ``template`` on every employer's page (lower ``order`` first)."""
    _sections.register(name, EmployerSection(name, template, context), order=order)


def employer_sections(user: Any, employer: Any) -> list[tuple[str, dict[str, Any]]]:
    """``[(template, context)]`` of every registered panel, in order."""
    return [(s.template, s.context(user, employer)) for s in _sections]
