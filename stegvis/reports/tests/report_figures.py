"""The report figures of a small demo, as a JSON-ready dict: what ``test_report_unchanged`` compares.

Kept apart from the test so the expected file can be written again with the same code
(``DJANGO_SETTINGS_MODULE=stegvis.settings python -m stegvis.reports.tests.report_figures PATH``
against a fresh database holding only ``stegvis demo-data --participants 80 --today 2026-11-23``).
Write it again only when a figure is meant to change, and say which in the commit.
"""

import datetime
import json
import sys

from django.core.serializers.json import DjangoJSONEncoder

PARTICIPANTS = 80
TODAY = datetime.date(2026, 11, 23)
D = datetime.timedelta


def cases(project):
    """``[(name, build_report kwargs)]``: today, a past date, windows, one enrolling organisation."""
    found = [
        ("on", {"on": TODAY}),
        ("past", {"on": TODAY - D(days=200)}),
        ("last-30-days", {"on": TODAY, "date_from": TODAY - D(days=30), "date_to": TODAY}),
        ("to-only-past", {"on": TODAY - D(days=200), "date_to": TODAY - D(days=300)}),
        ("from-only", {"on": TODAY, "date_from": TODAY.replace(month=1, day=1)}),
    ]
    organization = project.organizations().order_by("code").first()
    if organization is not None:
        found.append(("organization", {"on": TODAY, "organization": organization}))
    return found


def own_keys(report):
    """The report's keys computed by build_report and the progression rule (not other apps' sections)."""
    from stegvis.reports import project_report

    others = {key for key, _func in project_report._sections.items()}
    others |= {key for key, _func in project_report._derived_sections.items()}
    return {key: value for key, value in report.items() if key not in others and key != "generated_at"}


def figures():
    from stegvis.organizations.models import Project
    from stegvis.reports.project_report import build_report

    result = {}
    for project in Project.objects.order_by("code"):
        for name, kwargs in cases(project):
            report = own_keys(build_report(project, **kwargs))
            result[f"{project.code} {name}"] = json.loads(json.dumps(report, cls=DjangoJSONEncoder))
    return result


def dumps(found):
    """One report a line, so a change shows as the lines of the reports it touches."""
    lines = [
        f"{json.dumps(name)}: {json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
        for name, report in sorted(found.items())
    ]
    return "{\n" + ",\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    import django

    django.setup()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(dumps(figures()))
