"""Parts other apps add to the steering-group report (the budget against its outcome, say).

An app registers ``func(project, period_from, period_to) -> [Table]`` from its ``ready()``; the
report page and its Word file show the tables under the part's heading, after the goals. The
steering app never imports the apps that add parts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from stegvis.core.registry import Registry


@dataclass(frozen=True)
class Part:
    name: str
    heading: object  # lazy Swedish
    tables: Callable


_parts: Registry[Part] = Registry("steering-group report part")


def register_steering_part(name, *, heading, tables, order=100):
    _parts.register(name, Part(name, heading, tables), order=order)


def parts_for(report):
    """``[(heading, [Table])]`` of every registered part that has tables for ``report``'s period."""
    found = []
    for part in _parts:
        tables = part.tables(report.project, report.period_from, report.period_to)
        if tables:
            found.append((part.heading, tables))
    return found
