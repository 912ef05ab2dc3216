"""Small-number suppression of a finished report, so figures can be published without revealing anyone.

The report (the dict of :func:`stegvis.reports.project_report.build_report`) is not changed while
it is built; :func:`suppress` takes the finished dict and returns a suppressed copy. What each key
is comes from a declaration (:mod:`stegvis.reports.suppression_rules`), not from a walk written per
section:

- a count of persons or enrolments from 1 to N−1 becomes the string ``"<N"``; zero stays 0;
- a share or mean becomes ``None`` when its base is below N or hidden, or its numerator is hidden;
- secondary suppression: where published cells add up to a published total (a :class:`Sum`), or
  two places publish the same figure (a :class:`Same`), or a running level follows from in- and
  outflows (a :class:`Running`), one hidden member could be worked out from the others, so the
  smallest other non-zero cell is hidden too, until no relation has exactly one hidden member.

Keys the declaration does not know (a section a later app adds) are treated conservatively: every
integer is a count, and a decimal beside a hidden count is hidden. docs/reports.md lists the
decisions key by key.
"""

import copy
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from stegvis.reports.suppression_rules import COUNT, RULES, Echo, Follows, Running, Same, Share, Sum, segments

Path = tuple[Any, ...]

# --- Paths and patterns ----------------------------------------------------------------------------


def _key(segment: Any) -> str:
    return str(segment)


def _match(
    pattern: Sequence[str], path: Path, bindings: dict[str, str] | None = None
) -> dict[str, str] | None:
    """The names bound when ``path`` matches ``pattern``, or ``None`` when it does not."""
    if len(pattern) != len(path):
        return None
    bound = dict(bindings or {})
    for segment, key in zip(pattern, path, strict=True):
        key = _key(key)
        if segment == "*":
            continue
        if segment.startswith("{") and segment.endswith("}"):
            name = segment[1:-1]
            if bound.setdefault(name, key) != key:
                return None
        elif "|" in segment:
            if key not in segment.split("|"):
                return None
        elif segment != key:
            return None
    return bound


def _fill(pattern: str, bindings: dict[str, str]) -> tuple[str, ...]:
    return tuple(
        bindings.get(s[1:-1], s) if s.startswith("{") and s.endswith("}") else s for s in segments(pattern)
    )


def _relative(path: Path, ref: str) -> tuple[str, ...]:
    """``ref`` resolved from the value at ``path`` (see :class:`Share`)."""
    dots = len(ref) - len(ref.lstrip("."))
    if not dots:
        return segments(ref)
    return tuple(_key(k) for k in path[: len(path) - dots]) + segments(ref[dots:])


def _leaves(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- The suppression -------------------------------------------------------------------------------


class _Suppression:
    """One run over one report: which cells are hidden, found by a fixpoint over the relations."""

    def __init__(self, report: dict, min_cell: int, rules):
        self.report = report
        self.min_cell = min_cell
        self.rules = rules
        self.leaves: dict[tuple[str, ...], tuple[Path, Any]] = {}
        self.kinds: dict[tuple[str, ...], Any] = {}
        for path, value in _leaves(report):
            key = tuple(_key(k) for k in path)
            self.leaves[key] = (path, value)
            self.kinds[key] = self._kind(key, value)
        self.hidden: set[tuple[str, ...]] = {
            key for key, kind in self.kinds.items() if kind == COUNT and 0 < self.leaves[key][1] < min_cell
        }

    def _kind(self, key, value):
        for pattern, kind in self.rules.kinds:
            if _match(pattern, key) is not None:
                return kind
        if isinstance(value, int) and not isinstance(value, bool):
            return COUNT  # a section the declaration does not know: its integers are counts
        return None

    def value(self, key):
        return self.leaves.get(key, (None, None))[1]

    def is_count(self, key):
        return self.kinds.get(key) == COUNT and _is_number(self.value(key))

    # --- relations -----------------------------------------------------------------------------

    def relations(self) -> list[tuple[list, list]]:
        """Every concrete relation as ``(members, candidates)``: ``members`` are the counts bound by
        it; one hidden member can be worked out, so one of ``candidates`` is hidden too."""
        relations = []
        for rule in self.rules.relations:
            if isinstance(rule, Echo | Follows):
                continue
            if isinstance(rule, Sum):
                relations += self._sums(rule)
            elif isinstance(rule, Same):
                relations += self._sames(rule)
            else:
                relations += self._running(rule)
        return relations + list(self._inferred())

    def _inferred(self):
        """Sums in sections the declaration does not know: a dict of counts adding up to a count
        beside it (``{"total": 9, "groups": {"a": 3, "b": 6}}``) is taken as a breakdown of it."""
        known = {pattern[0] for pattern, _kind in self.rules.kinds if pattern}
        for rule in self.rules.relations:
            known |= {segments(p)[0] for p in dataclasses.astuple(rule) if isinstance(p, str)}
            known |= {segments(p)[0] for p in getattr(rule, "cells", ())}
        dicts: dict[tuple[str, ...], list] = {}
        for key in self.leaves:
            if key and key[0] not in known and self.is_count(key):
                dicts.setdefault(key[:-1], []).append(key)
        for parent, cells in dicts.items():
            if len(cells) < 2 or not parent:
                continue
            total = sum(self.value(c) for c in cells)
            for sibling in dicts.get(parent[:-1], []):
                if self.value(sibling) == total:
                    yield [sibling, *cells], cells
                    break

    def _sums(self, rule: Sum):
        groups: dict[tuple, list] = {}
        patterns = [segments(c) for c in rule.cells]
        for key in self.leaves:
            for pattern in patterns:
                bound = _match(pattern, key)
                if bound is not None:
                    groups.setdefault(tuple(sorted(bound.items())), []).append(key)
                    break
        for bindings, cells in groups.items():
            total = _fill(rule.total, dict(bindings))
            if not self.is_count(total):
                continue
            cells = [c for c in cells if c != total and self.is_count(c)]
            if cells:
                yield [total, *cells], cells

    def _sames(self, rule: Same):
        first = segments(rule.first)
        for key in list(self.leaves):
            bound = _match(first, key)
            if bound is None:
                continue
            other = _fill(rule.second, bound)
            if self.is_count(key) and self.is_count(other):
                yield [key, other], [key, other]

    def _running(self, rule: Running):
        pattern = segments(rule.items)
        items = sorted(
            {
                key[: len(pattern) + 1]
                for key in self.leaves
                if _match(pattern, key[: len(pattern)]) is not None
            },
            key=lambda k: int(k[-1]),
        )
        previous = None
        for item in items:
            members = [(*item, rule.inflow), (*item, rule.outflow), (*item, rule.level)]
            if previous is not None:
                members.append((*previous, rule.level))
            members = [m for m in members if self.is_count(m)]
            yield members, members
            previous = item

    def secondary(self):
        relations = self.relations()
        changed = True
        while changed:
            changed = False
            for members, candidates in relations:
                if sum(1 for m in members if m in self.hidden) != 1:
                    continue
                choice = self._smallest(candidates) or self._smallest(members)
                if choice is not None:
                    self.hidden.add(choice)
                    changed = True
        self._echoes()

    def _echoes(self):
        hidden_values = {self.value(k) for k in self.hidden}
        for rule in self.rules.relations:
            if isinstance(rule, Echo):
                pattern = segments(rule.pattern)
                self.hidden |= {
                    key
                    for key in self.leaves
                    if _match(pattern, key) is not None
                    and self.is_count(key)
                    and self.value(key) in hidden_values
                }

    def followers(self, nulled):
        """``(key, replacement)`` of every value whose :class:`Follows` source is hidden or nulled."""
        gone = self.hidden | nulled
        for rule in self.rules.relations:
            if isinstance(rule, Follows):
                pattern = segments(rule.pattern)
                for key in self.leaves:
                    if _match(pattern, key) is not None and _relative(key, rule.source) in gone:
                        yield key, rule.hidden

    def _smallest(self, keys):
        """The smallest non-zero published count among ``keys``; the first of equals (declared order)."""
        open_keys = [k for k in keys if k not in self.hidden and self.value(k)]
        return min(open_keys, key=lambda k: self.value(k)) if open_keys else None

    # --- shares ---------------------------------------------------------------------------------

    def _base(self, key, base):
        refs = base if isinstance(base, tuple) else (base,)
        total = 0
        for ref in refs:
            path = _relative(key, ref)
            if path in self.hidden:
                return None
            value = self.value(path)
            if not _is_number(value):
                return None
            total += value
        return total

    def hidden_shares(self) -> set[tuple[str, ...]]:
        nulled = set()
        for key, kind in self.kinds.items():
            value = self.value(key)
            if isinstance(kind, Share):
                if value is None:
                    continue
                base = self._base(key, kind.base)
                part_hidden = kind.part is not None and _relative(key, kind.part) in self.hidden
                if base is None or base < self.min_cell or part_hidden:
                    nulled.add(key)
            elif kind is None and isinstance(value, float):
                # A decimal the declaration does not know: hidden when its dict holds a hidden count.
                if any(k[: len(key) - 1] == key[:-1] for k in self.hidden):
                    nulled.add(key)
        return nulled


def _set(report: Any, path: Path, value: Any) -> None:
    target = report
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def suppressed_mark(min_cell: int) -> str:
    return f"<{min_cell}"


def suppress(report: dict, min_cell: int, rules=None) -> dict:
    """A copy of ``report`` with small counts hidden (see the module docstring), plus ``suppressed``."""
    run = _Suppression(report, min_cell, rules or RULES)
    run.secondary()
    nulled = run.hidden_shares()
    result = copy.deepcopy(report)
    mark = suppressed_mark(min_cell)
    for key in run.hidden:
        _set(result, run.leaves[key][0], mark)
    for key in nulled:
        _set(result, run.leaves[key][0], None)
    for key, value in run.followers(nulled):
        _set(result, run.leaves[key][0], value)
    result["suppressed"] = {"min_cell": min_cell, "cells": len(run.hidden)}
    return result


def project_min_cell(project) -> int:
    """The N of ``project``'s reports: its owner organisation's setting."""
    return project.owner.min_cell


def is_suppressed(value: Any) -> bool:
    """True for a hidden count (``"<5"``); templates and charts draw it as text, never as a number."""
    return isinstance(value, str) and value.startswith("<") and value[1:].isdigit()


def drawn(value: Any) -> int | float:
    """The length a chart draws ``value`` with: a hidden count (or no value) gets no bar, only its text."""
    return value if _is_number(value) else 0


def total_of(values: Iterable[Any]) -> int | float | None:
    """The sum of published counts, or ``None`` when one is hidden: a sum must not reveal a hidden cell."""
    values = list(values)
    return sum(values) if all(_is_number(v) for v in values) else None


def share_of(count: Any, total: Any) -> float | None:
    """``count / total`` for published numbers; ``None`` when either is hidden or there is no total."""
    return count / total if _is_number(count) and _is_number(total) and total else None
