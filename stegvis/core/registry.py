"""Named, ordered registries: the one way an app lets later apps plug into it.

Many apps offer a seam that apps built on them fill from their ``AppConfig.ready()``: a report
section, export tables, a participant panel, a periodic job, a reminder source, a goal
indicator... The owning app keeps a :class:`Registry` and a ``register_*`` function with its
own, documented signature; the app that registers imports the owner, never the other way
round, so the layers stay acyclic.

Every registry behaves the same way, which is why there is one mechanism rather than a dict per
module with its own rules:

- an entry has a **name**; registering the same name again **replaces** the entry (an app may
  take over what another registered, and a module imported twice does not register twice);
- an entry has an **order** (lower first, ``DEFAULT_ORDER`` when not given); entries of the same
  order come by name, or in the order they were first registered when the registry is made with
  ``ties=REGISTRATION`` (used where the order of registration is the documented order, such as
  the keys of the report). A replaced entry keeps its place among equals;
- iterating gives the entries in that order; ``registry[name]`` looks one up (``KeyError`` when
  missing), ``registry.get(name)`` returns ``None`` instead.

Tests that need a registry of their own replace the module's registry with
:meth:`Registry.copy` or :meth:`Registry.empty` through ``monkeypatch.setattr``.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

DEFAULT_ORDER = 100
NAME: Literal["name"] = "name"
REGISTRATION: Literal["registration"] = "registration"

_sequence = itertools.count()


@dataclass(frozen=True)
class _Slot(Generic[T]):
    entry: T
    order: int
    sequence: int  # when the name was first registered: the tie-break with ``ties=REGISTRATION``


class Registry(Generic[T]):
    """Entries of one kind (``what``, e.g. ``"report section"``), by name, in order."""

    def __init__(self, what: str, *, ties: Literal["name", "registration"] = NAME):
        if ties not in (NAME, REGISTRATION):
            raise ValueError(f"ties must be {NAME!r} or {REGISTRATION!r}, not {ties!r}")
        self.what = what
        self.ties = ties
        self._slots: dict[str, _Slot[T]] = {}

    def register(self, name: str, entry: T, *, order: int = DEFAULT_ORDER) -> T:
        """Add ``entry`` as ``name``, replacing an entry of that name; returns ``entry``."""
        previous = self._slots.get(name)
        sequence = previous.sequence if previous is not None else next(_sequence)
        self._slots[name] = _Slot(entry, order, sequence)
        return entry

    def unregister(self, name: str) -> T | None:
        """Remove ``name``; the entry that was registered, or ``None``."""
        slot = self._slots.pop(name, None)
        return slot.entry if slot is not None else None

    def get(self, name: str) -> T | None:
        slot = self._slots.get(name)
        return slot.entry if slot is not None else None

    def __getitem__(self, name: str) -> T:
        try:
            return self._slots[name].entry
        except KeyError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        return name in self._slots

    def __len__(self) -> int:
        return len(self._slots)

    def _sort_key(self, item: tuple[str, _Slot[T]]) -> tuple[int, str | int]:
        name, slot = item
        return (slot.order, name if self.ties == NAME else slot.sequence)

    def items(self) -> list[tuple[str, T]]:
        """``[(name, entry)]`` in order."""
        return [(name, slot.entry) for name, slot in sorted(self._slots.items(), key=self._sort_key)]

    def names(self) -> list[str]:
        return [name for name, _entry in self.items()]

    def __iter__(self) -> Iterator[T]:
        return iter([entry for _name, entry in self.items()])

    def empty(self) -> "Registry[T]":
        """A new, empty registry of the same kind (for a test that registers only its own entries)."""
        return Registry(self.what, ties=self.ties)

    def copy(self) -> "Registry[T]":
        """A new registry with the same entries, places kept (for a test that adds to them)."""
        copied = self.empty()
        copied._slots = dict(self._slots)
        return copied

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {', '.join(self.names())}>"
