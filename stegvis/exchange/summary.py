"""The summary of an import as plain text, for the command line (the page renders the same result)."""

from django.utils.translation import gettext as _


def _table(header, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def problem_rows(problems):
    return [(p.file, "" if p.line is None else p.line, p.column, p.message) for p in problems]


def render_summary(result) -> str:
    """Counts per file, then notes, warnings and errors (as a table: fil, rad, kolumn, fel)."""
    parts = []
    if result.errors:
        parts.append(
            _("Importen avbröts: %(n)s fel hittades. Ingenting sparades.") % {"n": len(result.errors)}
        )
    elif result.dry_run:
        parts.append(
            _("Kontrollen gick bra. Ingenting sparades (bara kontroll). Så här skulle importen bli:")
        )
    else:
        parts.append(_("Importen är klar."))
    if result.counts:
        rows = [(name, c.created, c.updated, c.unchanged) for name, c in result.counts.items()]
        parts.append(_table((_("fil"), _("nya"), _("ändrade"), _("oförändrade")), rows))
    if result.notes:
        parts.append("\n".join(f"- {note}" for note in result.notes))
    if result.warnings:
        parts.append(_("Varningar (%(n)s):") % {"n": len(result.warnings)})
        parts.append(_table((_("fil"), _("rad"), _("kolumn"), _("varning")), problem_rows(result.warnings)))
    if result.errors:
        parts.append(_("Fel (%(n)s):") % {"n": len(result.errors)})
        parts.append(_table((_("fil"), _("rad"), _("kolumn"), _("fel")), problem_rows(result.errors)))
    return "\n\n".join(parts) + "\n"
