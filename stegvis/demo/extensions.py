"""Demo data that other apps add on top of the generated participants.

The demo app writes organisations, projects, staff, persons and enrolments. Apps that build on
them (progression measurements, follow-ups after exit, goals, ...) add their own demo data in a
module named ``demo`` inside the app, which the demo app finds by itself: the product never
imports the demo, so the demo sits on top of the house and can be left out of an installation.

An app's ``demo`` module defines:

- ``demo_data(dataset, rng)``: writes the app's demo rows. It gets the
  :class:`~stegvis.demo.models.DemoDataset` (its ``as_of`` is the demo's "today") and a
  ``random.Random`` seeded from the demo's seed and the app's label, so every app's data is
  reproducible on its own. It must write in bulk (the demo may hold a million participants) and
  aggregate in the database rather than loop over participants one query at a time.
- ``DEMO_ORDER``: when it runs (lower first), since some apps build on others' demo rows
  (follow-ups need exits, goals need measurements).

:func:`stegvis.demo.loader.load` runs them, in order, after the participants are written and
before the demo is marked complete.
"""

import importlib
import importlib.util
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

MODULE = "demo"


@dataclass(frozen=True)
class DemoExtension:
    name: str
    func: Callable[[Any, random.Random], None]
    order: int


def discover() -> list[DemoExtension]:
    """The ``demo`` module of every installed app that has one, in the order they run."""
    found = []
    for config in apps.get_app_configs():
        if config.name == __package__:
            continue
        module_name = f"{config.name}.{MODULE}"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        func = getattr(module, "demo_data", None)
        if func is None:
            continue
        found.append(DemoExtension(config.label, func, getattr(module, "DEMO_ORDER", 100)))
    return sorted(found, key=lambda e: (e.order, e.name))


def run_extensions(dataset, progress=None, extensions: Iterable[DemoExtension] | None = None) -> None:
    """Run every app's demo data (or the given ``extensions``), lower ``order`` first."""
    chosen = discover() if extensions is None else sorted(extensions, key=lambda e: (e.order, e.name))
    for extension in chosen:
        rng = random.Random(f"{dataset.seed}:{extension.name}")
        extension.func(dataset, rng)
        if progress is not None:
            progress.set_postfix_str(extension.name)
