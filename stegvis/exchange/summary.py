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


def more_text(more, what) -> str:
    """``"… och 812 fel till."``: what a capped list of problems leaves out."""
    return _("… och %(n)s %(what)s till (bara de första visas).") % {"n": more, "what": what}


def render_summary(result) -> str:
    """Counts per file, then notes, warnings and errors (as a table: fil, rad, kolumn, fel)."""
    parts = []
    if result.errors:
        parts.append(
            _("Importen avbröts: %(n)s fel hittades. Ingenting sparades.") % {"n": result.errors.total}
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
        parts.append(_("Varningar (%(n)s):") % {"n": result.warnings.total})
        parts.append(_table((_("fil"), _("rad"), _("kolumn"), _("varning")), problem_rows(result.warnings)))
        if result.warnings.more:
            parts.append(more_text(result.warnings.more, _("varningar")))
    if result.errors:
        parts.append(_("Fel (%(n)s):") % {"n": result.errors.total})
        parts.append(_table((_("fil"), _("rad"), _("kolumn"), _("fel")), problem_rows(result.errors)))
        if result.errors.more:
            parts.append(more_text(result.errors.more, _("fel")))
    return "\n\n".join(parts) + "\n"
