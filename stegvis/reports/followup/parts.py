"""The parts of the report that later apps show on the monthly follow-up page (e.g. self-referrals).

An app registers a part by its ``register_tables`` name from its ``AppConfig.ready()``; the page
shows that part's tables under a heading. Kept apart from the page's view so that registering
does not load the view, and the view only reads what is registered.
"""

from stegvis.core.registry import Registry
from stegvis.reports.tables import tables_of

_followup_parts: Registry[dict] = Registry("follow-up page part")


def register_followup_tables(name, *, heading, order=100):
    """Show the tables of the report part ``name`` on the follow-up page, under ``heading``.

    The part's tables are the ones the exports lay out (``stegvis.reports.tables``), so the page
    and the spreadsheet show one computation; this page never imports the app that owns them.
    """
    _followup_parts.register(name, {"name": name, "heading": heading, "order": order}, order=order)


def followup_part_names():
    """The report sections the follow-up page shows, for computing only those."""
    return [part["name"] for part in _followup_parts]


def followup_sections(report):
    """``[{"name", "heading", "tables"}]`` of every registered part that has tables in ``report``."""
    sections = []
    for part in _followup_parts:
        tables = tables_of(report, part["name"])
        if tables:
            sections.append({**part, "tables": tables})
    return sections
