"""What every export needs besides the report: the tables, the header facts, the file names.

The web downloads and ``stegvis report --format xlsx|docx`` both go through :func:`export_file`,
so a file made in the browser and one made on the command line are the same file, and both
are audited the same way.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.reports.exports import tables as own_tables
from stegvis.reports.tables import report_tables

own_tables.register()

XLSX = "xlsx"
DOCX = "docx"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def organization_names(project):
    """``{code: name}`` of the project's organisations (one query): the report is keyed by code."""
    return dict(project.organizations().values_list("code", "name"))


def project_organization(project, code):
    """The organisation ``code`` among the project's own (owner and partners), or a Swedish error."""
    organization = project.organizations().filter(code=code).first()
    if organization is None:
        known = ", ".join(sorted(organization_names(project))) or "–"
        raise ValueError(
            _(
                "Det finns ingen organisation med koden '%(code)s' i projektet %(project)s. Organisationer i projektet: "
                "%(known)s."
            )
            % {"code": code, "project": project.code, "known": known}
        )
    return organization


def export_tables(report, names):
    """Every registered table of ``report``, with organisation names available to the providers."""
    return report_tables({**report, own_tables.ORGANIZATION_NAMES: names})


@dataclass
class ExportFacts:
    """The lines that say what a file is of; the first sheet of the XLSX, the DOCX title page."""

    project: str
    on: str
    period: str
    organization: str
    generated_at: str

    def rows(self):
        return [
            (_("Projekt"), self.project),
            (_("Per datum"), self.on),
            (_("Period"), self.period),
            (_("Organisation"), self.organization),
            (_("Skapad"), self.generated_at),
        ]


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
    )


def definitions_text():
    return _(
        "Varje tal räknas en gång, i databasen, och är detsamma på rapportsidan, i JSON-filen, i kalkylbladet och i "
        "Word-utkastet. Definitionerna av varje tal finns i Stegvis dokumentation under Rapporter (docs/reports.md)."
    )


def file_name(fmt, report):
    base = "rapport" if fmt == XLSX else "slutrapport"
    org = f"-{report['organization']}" if report.get("organization") else ""
    return f"{base}-{report['project']}{org}-{report['on']}.{fmt}"


def render(fmt, report, names):
    """The file's bytes. The renderers are imported here so the JSON and text paths never load them."""
    if fmt == XLSX:
        from stegvis.reports.exports.xlsx_report import render_xlsx

        return render_xlsx(report, export_tables(report, names), export_facts(report, names))
    from stegvis.reports.exports.docx_report import render_docx

    return render_docx(report, export_tables(report, names), export_facts(report, names))


def audit_export(user, project, fmt, report, via):
    """One EXPORT entry naming the format and the parameters (dates, organisation)."""
    params = " ".join(
        f"{name}={report[key]}"
        for name, key in (("on", "on"), ("from", "from"), ("to", "to"), ("organization", "organization"))
        if report.get(key)
    )
    record(user, AuditAction.EXPORT, project, detail=f"{via}: {fmt} {params}".strip())


def export_file(user, project, fmt, report, via):
    """Render and audit one export; returns ``(file name, bytes)``."""
    content = render(fmt, report, organization_names(project))
    audit_export(user, project, fmt, report, via)
    return file_name(fmt, report), content
