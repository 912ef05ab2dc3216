"""Small builders for import tests: files as ``(name, bytes)`` the importer reads."""

import io
from pathlib import Path

ORGS = "code,name,kind\nkungsbacka,Kungsbacka kommun,kommun\n"
PROJECTS = "code,name,owner,start_date,end_date,funder\nhelhetslyftet,Helhetslyftet,kungsbacka,2022-09-01,2025-06-30,amif\n"


def csv_file(name, text, *, delimiter=",", bom=False):
    if delimiter != ",":
        text = text.replace(",", delimiter)
    data = text.encode("utf-8")
    return (name, (b"\xef\xbb\xbf" + data) if bom else data)


def xlsx_file(name, rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return (name, buffer.getvalue())


def participants(*lines):
    header = "participant_ref,personnummer,birth_year,gender,home_municipality,language,interpreter_needed,education_level,protected_identity\n"
    return csv_file("participants.csv", header + "".join(line + "\n" for line in lines))


def enrollments(*lines):
    header = "participant_ref,project,organization,referrer,need_group,start_date,end_date,exit_reason,coordinator\n"
    return csv_file("enrollments.csv", header + "".join(line + "\n" for line in lines))


def basic_files(extra_participants=(), extra_enrollments=()):
    """Two new participants of Kungsbacka in Helhetslyftet (one with personnummer, one anonymous)."""
    return [
        participants(
            "P-1,19900315-0209,,K,Kungsbacka,ar,ja,2,", "P-2,,1988,M,,so,nej,,", *extra_participants
        ),
        enrollments(
            "P-1,helhetslyftet,kungsbacka,af,nyanlanda,2023-02-01,2023-12-31,arbete,",
            "P-2,helhetslyftet,kungsbacka,egenremiss,,2023-03-01,,,",
            *extra_enrollments,
        ),
    ]


FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"


def load_fixture(name, **kwargs):
    """Import one of the shared fixture folders (``"kungsbacka"`` or ``"skovde"``); fails loudly on errors."""
    from stegvis.exchange.importer import import_path

    result = import_path(FIXTURES_DIR / name, **kwargs)
    assert result.ok, result.errors
    return result
