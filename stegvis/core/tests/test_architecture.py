"""The house rules that imports can show: apps use each other only through public names.

Import cycles, the layers and core's independence are checked by import-linter (``make lint``,
contracts in ``pyproject.toml``); what it cannot see is an app reaching into another app's private
(underscore) helpers, which ties the two together in a way neither app's public interface shows.
"""

import ast
from pathlib import Path

import stegvis

ROOT = Path(stegvis.__file__).parent


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _product_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent)
        if "migrations" in relative.parts or "tests" in relative.parts:
            continue
        module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")
        yield module, path


def private_cross_app_imports():
    """``(importing module, imported module, name)`` for every private name taken from another app."""
    found = []
    for module, path in _product_modules():
        app = _app_of(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("stegvis."):
                continue
            if _app_of(node.module) == app:
                continue
            private_module = any(
                part.startswith("_") and not part.startswith("__") for part in node.module.split(".")
            )
            for alias in node.names:
                if private_module or alias.name.startswith("_"):
                    found.append((module, node.module, alias.name))
    return found


def test_no_app_imports_a_private_name_of_another_app():
    assert private_cross_app_imports() == []


def test_the_check_sees_a_private_import(tmp_path, monkeypatch):
    """The walk above finds such an import (so an empty result means something)."""
    package = tmp_path / "stegvis"
    (package / "alpha").mkdir(parents=True)
    (package / "alpha" / "views.py").write_text("from stegvis.beta.views import _helper\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", package)
    assert private_cross_app_imports() == [("stegvis.alpha.views", "stegvis.beta.views", "_helper")]
