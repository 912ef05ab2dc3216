"""Demo extensions are found in the apps, run in order, each with its own reproducible random stream."""

from types import SimpleNamespace

from stegvis.demo import extensions


def test_extensions_run_in_order_with_a_stream_per_name():
    calls = []
    steps = [
        extensions.DemoExtension("second", lambda d, rng: calls.append(("second", rng.random())), 20),
        extensions.DemoExtension("first", lambda d, rng: calls.append(("first", rng.random())), 10),
    ]
    dataset = SimpleNamespace(seed=7)
    extensions.run_extensions(dataset, extensions=steps)
    first_run = list(calls)
    calls.clear()
    extensions.run_extensions(dataset, extensions=steps)
    assert [name for name, _ in first_run] == ["first", "second"]
    assert calls == first_run  # same seed, same numbers
    assert first_run[0][1] != first_run[1][1]  # each extension has its own stream


def test_every_app_with_demo_data_is_found_by_its_label_and_order():
    found = {e.name: e.order for e in extensions.discover()}
    assert found == {
        "reports": 5,
        "consent": 6,
        "participants": 5,
        "progression": 10,
        "employers": 15,
        "interventions": 20,
        "outcomes": 20,
        "casework": 30,
        "intake": 30,
        "cohorts": 40,
        "surveys": 40,
        "contacts": 50,
        "timereports": 50,
        "budget": 55,
        "principles": 60,
        "goals": 80,
        "transfers": 90,
        "worklist": 95,
    }
    orders = [e.order for e in extensions.discover()]
    assert orders == sorted(orders)
