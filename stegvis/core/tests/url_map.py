"""The project's URL map for tests that walk every page: every URL name, how to fill its
arguments from the test world, and who may open it.

The access walk (:mod:`stegvis.core.tests.test_url_access`) asserts the expectations; the input
fuzz (:mod:`stegvis.core.tests.test_fuzz_inputs`) uses the same map to reach every page as every
role that may open it. Keeping the walk of the URL configuration and the merging of each app's
``tests/url_access.py`` here means both tests see exactly the same pages.
"""

import importlib

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def app_expectations(own):
    """``EXPECTED`` of every app's ``tests/url_access.py``, merged (a name twice is an error).

    ``own`` is the walk's own dict; a name both there and in an app's module is an error too.
    """
    merged = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("stegvis."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.url_access")
        except ModuleNotFoundError as exc:
            if exc.name.startswith(config.name):
                continue
            raise
        clash = set(module.EXPECTED) & (set(merged) | set(own))
        assert not clash, f"access expectations given twice: {sorted(clash)}"
        merged.update(module.EXPECTED)
    return merged


def all_url_names(resolver=None, prefix=""):
    """Every named URL pattern, with its namespaces (``app:name``); unnamed ones say so."""
    resolver = resolver or get_resolver()
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            names.extend(all_url_names(entry, ns))
        elif isinstance(entry, URLPattern):
            names.append(f"{prefix}{entry.name}" if entry.name else f"{prefix}<unnamed {entry.pattern}>")
    return names


def url_for(expected, name, world):
    """The path of ``name`` with its arguments filled from ``world`` as ``expected`` says."""
    kwargs_of, _statuses = expected[name]
    return reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
