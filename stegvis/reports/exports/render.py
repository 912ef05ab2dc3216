"""What every export needs besides the report: the tables, the header facts, the file names.

The web downloads and ``stegvis report --format xlsx|docx`` both go through :func:`export_file`,
so a file made in the browser and one made on the command line are the same file, and both
are audited the same way. The format is looked up in :mod:`stegvis.reports.exports.formats`;
this module never imports an exporter.
"""

from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.reports.exports import tables as own_tables
from stegvis.reports.exports.facts import export_facts, organization_names
from stegvis.reports.exports.formats import CONTENT_TYPES, DOCX, XLSX, export_format  # noqa: F401 (pages read them here)
from stegvis.reports.tables import report_tables

own_tables.register()


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


def file_name(fmt, report):
    base = export_format(fmt).file_base
    org = f"-{report['organization']}" if report.get("organization") else ""
    return f"{base}-{report['project']}{org}-{report['on']}.{fmt}"


def render(fmt, report, names):
    """The file's bytes, laid out by the format's renderer from the report's tables and header facts."""
    return export_format(fmt).render(report, export_tables(report, names), export_facts(report, names))


def audit_export(user, project, fmt, report, via):
    """One EXPORT entry naming the format and the parameters (dates, organisation, filters)."""
    params = " ".join(
        [
            *(
                f"{name}={report[key]}"
                for name, key in (
                    ("on", "on"),
                    ("from", "from"),
                    ("to", "to"),
                    ("organization", "organization"),
                )
                if report.get(key)
            ),
            *(f"{key}={value}" for key, value in (report.get("filters") or {}).items()),
        ]
    )
    record(user, AuditAction.EXPORT, project, detail=f"{via}: {fmt} {params}".strip())


def export_file(user, project, fmt, report, via):
    """Render and audit one export; returns ``(file name, bytes)``."""
    content = render(fmt, report, organization_names(project))
    audit_export(user, project, fmt, report, via)
    return file_name(fmt, report), content
