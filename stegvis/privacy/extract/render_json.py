"""The register extract as JSON: the collected structure itself, for the person or another system."""

import json
from typing import Any


def render_json(extract: dict[str, Any]) -> bytes:
    """UTF-8 JSON with the Swedish letters as they are, indented so it can be read."""
    return json.dumps(extract, ensure_ascii=False, indent=2).encode("utf-8")
