"""Demo data that other apps add on top of the generated participants.

The demo app writes organisations, projects, staff, persons and enrolments. Apps that build on
them (progression measurements, follow-ups after exit, goals, ...) register a function here from
their ``AppConfig.ready()``; :func:`stegvis.demo.loader.load` calls each one, in order, after the
participants are written and before the demo is marked complete.

``func(dataset, rng)`` gets the :class:`~stegvis.demo.models.DemoDataset` (its ``as_of`` is the
demo's "today") and a ``random.Random`` seeded from the demo's seed and the extension's name,
so every extension is reproducible on its own. It must write in bulk (the demo may hold a
million participants) and aggregate in the database rather than loop over participants one
query at a time.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoExtension:
    name: str
    func: Callable
    order: int


_extensions: dict[str, DemoExtension] = {}


def register_demo_extension(name, func, order=100):
    _extensions[name] = DemoExtension(name, func, order)


def run_extensions(dataset, progress=None):
    """Run every registered extension (lower ``order`` first)."""
    for extension in sorted(_extensions.values(), key=lambda e: (e.order, e.name)):
        rng = random.Random(f"{dataset.seed}:{extension.name}")
        extension.func(dataset, rng)
        if progress is not None:
            progress.set_postfix_str(extension.name)
