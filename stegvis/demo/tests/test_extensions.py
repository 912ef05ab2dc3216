"""Demo extensions run in order, each with its own reproducible random stream."""

from types import SimpleNamespace

from stegvis.demo import extensions


def test_extensions_run_in_order_with_a_stream_per_name(monkeypatch):
    monkeypatch.setattr(extensions, "_extensions", {})
    calls = []
    extensions.register_demo_extension(
        "second", lambda d, rng: calls.append(("second", rng.random())), order=20
    )
    extensions.register_demo_extension(
        "first", lambda d, rng: calls.append(("first", rng.random())), order=10
    )
    dataset = SimpleNamespace(seed=7)
    extensions.run_extensions(dataset)
    first_run = list(calls)
    calls.clear()
    extensions.run_extensions(dataset)
    assert [name for name, _ in first_run] == ["first", "second"]
    assert calls == first_run  # same seed, same numbers
    assert first_run[0][1] != first_run[1][1]  # each extension has its own stream
