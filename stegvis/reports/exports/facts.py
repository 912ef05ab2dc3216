"""What an export file says it is of: the header facts and the definitions line.

The spreadsheet's first sheet, the Word draft's title page and the SUS list's first sheet show
the same facts; the exporters and :mod:`stegvis.reports.exports.render` (which chooses among
them) both read them from here, so the exporters never import the code that calls them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


def organization_names(project):
    """``{code: name}`` of the project's organisations (one query): the report is keyed by code."""
    return dict(project.organizations().values_list("code", "name"))


@dataclass
class ExportFacts:
    """The lines that say what a file is of; the first sheet of the XLSX, the DOCX title page."""

    project: str
    on: str
    period: str
    organization: str
    generated_at: str
    filters: str = ""

    def rows(self):
        rows = [
            (_("Projekt"), self.project),
            (_("Per datum"), self.on),
            (_("Period"), self.period),
            (_("Organisation"), self.organization),
        ]
        if self.filters:
            rows.append((_("Filter"), self.filters))
        return [*rows, (_("Skapad"), self.generated_at)]


def export_facts(report, names):
    if report.get("from") or report.get("to"):
        period = _("Inskrivningar som pågick %(from)s – %(to)s") % {
            "from": report.get("from") or "…",
            "to": report.get("to") or "…",
        }
    else:
        period = _("Hela projektet fram till rapportdatumet")
    code = report.get("organization")
    organization = names.get(code, code) if code else _("Alla organisationer i projektet")
    return ExportFacts(
        project=f"{report['project_name']} ({report['project']})",
        on=report["on"],
        period=period,
        organization=organization,
        generated_at=report["generated_at"].replace("T", " ").replace("+00:00", " UTC"),
        filters=", ".join(f"{key}={value}" for key, value in (report.get("filters") or {}).items()),
    )


def definitions_text():
    return _(
        "Varje tal räknas en gång, i databasen, och är detsamma på rapportsidan, i JSON-filen, i kalkylbladet och i "
        "Word-utkastet. Definitionerna av varje tal finns i Stegvis dokumentation under Rapporter (docs/reports.md)."
    )
