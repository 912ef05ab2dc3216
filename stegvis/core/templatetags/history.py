"""Long histories on a page: the most recent few shown, the rest folded away with a count.

Lists that grow over time (measurements, interventions, transfers, ...) would push everything
after them down the participant page. ``split_recent`` splits such a list, already loaded, into
the part to show and the part to fold into a native ``<details>`` (keyboard and screen-reader
friendly without script); each template keeps its own markup for the rows and says in the
``<summary>`` how many are folded:

    {% split_recent rows newest="last" as parts %}
    {% for part in parts %}{% if part.collapsed %}<details class="collapsed-list"><summary>…{{ part.count }}…</summary>{% endif %}
      … rows of part.items …
    {% if part.collapsed %}</details>{% endif %}{% endfor %}

The parts come in the list's own order, so an oldest-first list folds its oldest rows above the
recent ones and a newest-first list folds them below.
"""

from dataclasses import dataclass
from typing import Any

from django import template

register = template.Library()

#: How many of the most recent rows a history shows before folding the rest.
RECENT = 5


@dataclass(frozen=True)
class Part:
    items: list[Any]
    collapsed: bool

    @property
    def count(self) -> int:
        return len(self.items)


@register.simple_tag
def split_recent(items: Any, keep: int = RECENT, newest: str = "first") -> list[Part]:
    """``items`` as parts to show in order: the ``keep`` most recent open, the older folded.

    ``newest`` says where the list's most recent rows are, ``"first"`` or ``"last"``. A list of
    at most ``keep`` rows is one open part (no ``<details>`` at all).
    """
    rows = list(items or [])
    keep = max(int(keep), 1)
    if len(rows) <= keep:
        return [Part(rows, False)]
    if newest == "last":
        return [Part(rows[:-keep], True), Part(rows[-keep:], False)]
    return [Part(rows[:keep], False), Part(rows[keep:], True)]
