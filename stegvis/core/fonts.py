"""The one font Stegvis draws text with outside the browser: DejaVu Sans, as matplotlib ships it.

The final-report draft's charts and the register extract's PDF both need a font that writes
every letter a Swedish (or any European) name may have, with no font file kept in the repository
and nothing needed from the system. matplotlib is a dependency already and ships DejaVu Sans; its
folder is found here without importing matplotlib, which would cost a tenth of a second.
"""

import importlib.util
from functools import cache
from pathlib import Path

REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"


@cache
def _font_directory() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("matplotlib (for its DejaVu Sans font) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


def font_file(name: str = REGULAR) -> str:
    """The path of the font file ``name`` (:data:`REGULAR` or :data:`BOLD`)."""
    return str(_font_directory() / name)
