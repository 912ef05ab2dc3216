"""The one registry mechanism every seam is built on (``stegvis.core.registry``)."""

import pytest

from stegvis.core.registry import REGISTRATION, Registry


def test_entries_come_by_order_then_name():
    registry = Registry("thing")
    registry.register("b", "B", order=20)
    registry.register("c", "C", order=10)
    registry.register("a", "A", order=20)
    assert list(registry) == ["C", "A", "B"]
    assert registry.names() == ["c", "a", "b"]
    assert registry.items() == [("c", "C"), ("a", "A"), ("b", "B")]


def test_ties_can_keep_the_order_of_registration():
    registry = Registry("section", ties=REGISTRATION)
    for name in ("zeta", "alpha", "mu"):
        registry.register(name, name.upper())
    registry.register("first", "FIRST", order=1)
    assert list(registry) == ["FIRST", "ZETA", "ALPHA", "MU"]


def test_registering_a_name_again_replaces_it_in_its_place():
    registry = Registry("section", ties=REGISTRATION)
    registry.register("one", 1)
    registry.register("two", 2)
    registry.register("one", 10)
    assert list(registry) == [10, 2]
    assert len(registry) == 2


def test_a_replaced_entry_takes_its_new_order():
    registry = Registry("page")
    registry.register("x", "early", order=1)
    registry.register("y", "middle", order=5)
    registry.register("x", "late", order=9)
    assert list(registry) == ["middle", "late"]


def test_lookup_by_name():
    registry = Registry("job")
    registry.register("daily", "D")
    assert registry["daily"] == "D"
    assert registry.get("daily") == "D"
    assert "daily" in registry and "weekly" not in registry
    assert registry.get("weekly") is None
    with pytest.raises(KeyError):
        registry["weekly"]


def test_unregister_returns_what_was_there():
    registry = Registry("job")
    registry.register("daily", "D")
    assert registry.unregister("daily") == "D"
    assert registry.unregister("daily") is None
    assert list(registry) == []


def test_empty_and_copy_leave_the_original_alone():
    registry = Registry("table provider", ties=REGISTRATION)
    registry.register("a", "A")
    empty = registry.empty()
    copied = registry.copy()
    empty.register("e", "E")
    copied.register("b", "B")
    assert list(registry) == ["A"]
    assert list(empty) == ["E"] and empty.what == "table provider" and empty.ties == REGISTRATION
    assert list(copied) == ["A", "B"]


def test_ties_must_be_known():
    with pytest.raises(ValueError):
        Registry("thing", ties="alphabet")
