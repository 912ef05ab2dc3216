"""The final-report draft: chapters as Word headings, charts as pictures, the JSON's figures in its tables."""

import io
import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree
from PIL import Image

from stegvis.reports import tables as table_registry
from stegvis.reports.exports import charts
from stegvis.reports.exports.docx_report import _run_content, cell_text, render_docx
from stegvis.reports.exports.tests.conftest import ON
from stegvis.reports.exports.tests.helpers import document, heading_texts, rendered_parts, table_texts
from stegvis.reports.project_report import build_report
from stegvis.reports.tables import Table

pytestmark = pytest.mark.django_db

# The chapters of the ESF council's final-report template, in its order.
CHAPTERS = [
    "Sammanfattning",
    "Resultat",
    "Framgångsfaktorer",
    "Utmaningar",
    "Projektidé och förväntade resultat",
    "Önskade effekter",
    "Arbetssätt",
    "Horisontella principer och förändringsteori",
    "Uppföljning och utvärdering",
    "Användande av resultat",
    "Kommentarer och tips",
]
# The figures' sections under "Resultat".
RESULTS = [
    "Deltagare",
    "Resultat per mål",
    "Avslut och resultat efter avslut",
    "Stegförflyttning",
    "Språkutveckling",
]


@pytest.fixture
def report(project):
    return build_report(project, on=ON)


def docx_bytes(project, report):
    tables, facts = rendered_parts(project, report)
    return render_docx(report, tables, facts)


def table_with_heading(doc, first_cell):
    return next(t for t in table_texts(doc) if t[0][0] == first_cell)


def test_chapters_are_word_headings_in_order(project, report):
    doc = document(docx_bytes(project, report))
    assert heading_texts(doc)[: len(CHAPTERS)] == CHAPTERS
    assert [h for h in heading_texts(doc, level=2) if h in RESULTS] == RESULTS
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == "Helhetslyftet"
    assert doc.paragraphs[1].text == "Utkast till slutrapport"
    assert "Nyckeltal" in heading_texts(doc, level=2)
    assert doc.core_properties.language == "sv-SE"


def test_every_chapter_has_a_marked_placeholder(project, report):
    doc = document(docx_bytes(project, report))
    placeholders = [p for p in doc.paragraphs if p.text.startswith("[Skriv här:")]
    assert len(placeholders) == len(CHAPTERS) + len(RESULTS)
    assert all(run.italic for p in placeholders for run in p.runs)


def test_charts_are_embedded_pictures_with_alt_text(project, report):
    doc = document(docx_bytes(project, report))
    shapes = list(doc.inline_shapes)
    # gender, age, referrers, exit reasons, spider, outcomes, outcomes per band, gender balance
    assert len(shapes) == 8
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and len(descr) > 20
    spider = next(s for s in shapes if "spindeldiagram" in s._inline.docPr.get("title"))
    assert "→" in spider._inline.docPr.get("descr")
    images = [rel for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert all(rel.target_part.blob.startswith(b"\x89PNG") for rel in images)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Figur 1.")


def test_tables_hold_the_json_figures(project, report):
    doc = document(docx_bytes(project, report))
    key = {row[0]: row[1:] for row in table_with_heading(doc, "Nyckeltal")[1:]}
    assert key["Inskrivningar"][0] == str(report["enrollments"])
    assert key["Unika deltagare"][0] == str(report["unique_persons"])
    assert key["Avslut till arbete eller studier"] == [str(report["work_or_studies"]["count"]), "66,7 %"]
    by_gender = ["Avslutsorsak", "Kvinna", "Man", "Annat/ej angivet", "Totalt"]
    exits = {row[0]: row[1:] for row in next(t for t in table_texts(doc) if t[0] == by_gender)[1:]}
    assert exits["Arbete"] == ["1", "0", "0", "1"]
    progression = {row[0]: row[1] for row in table_with_heading(doc, "Utfall")[1:]}
    assert progression["Mätta (två eller fler mätningar)"] == str(report["progression"]["measured"]) == "3"
    language = table_with_heading(doc, "Ramverk")
    assert language[1][:3] == ["SFI (kurs A–D)", "2", "1"]
    # With no table from a follow-up part, the balance chapter shows referrer × gender counts.
    balance = next(
        t for t in table_texts(doc) if t[0] == ["Anvisare", "Kvinna", "Man", "Annat/ej angivet", "Totalt"]
    )
    assert {row[0]: row[1:] for row in balance[1:]}["Arbetsförmedlingen"] == ["2", "2", "0", "4"]


def test_tables_of_other_parts_go_to_their_chapter_or_the_appendix(project, report, monkeypatch):
    def extra(report):
        return [
            Table(
                "goals",
                "Mål",
                ["Mål", "Målvärde", "Utfall", "Status"],
                [["Arbete eller studier", 0.25, 0.5, "Uppfyllt"]],
                percent_columns={1, 2},
            ),
            Table("after_exit_6", "Sex månader efter avslut", ["Situation", "Antal"], [["Arbete", 2]]),
            Table("esf_entry", "ESF+ vid start", ["Indikator", "Antal"], [["Arbetslös", 4]]),
        ]

    monkeypatch.setattr(table_registry, "_providers", table_registry._providers.copy())
    table_registry.register_tables("extra", extra, 200)
    doc = document(docx_bytes(project, report))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    names = [text for _style, text in headings]
    assert (
        names.index("Resultat per mål") < names.index("Mål") < names.index("Avslut och resultat efter avslut")
    )
    assert names.index("Avslut och resultat efter avslut") < names.index("Sex månader efter avslut")
    assert names.index("Sex månader efter avslut") < names.index("Stegförflyttning")
    assert names.index("Bilaga: fler tabeller") < names.index("ESF+ vid start")
    assert names[-1] == "ESF+ vid start"
    rows = [row for table in table_texts(doc) for row in table]
    assert ["Arbete eller studier", "25,0 %", "50,0 %", "Uppfyllt"] in rows
    assert "Projektet har inga mål registrerade i Stegvis." not in [p.text for p in doc.paragraphs]


def test_goals_and_plan_without_tables_are_read_from_the_report(project, report):
    """Should no part register tables for ``goals`` or ``plan``, the chapters read the report's lists."""
    tables, facts = rendered_parts(project, report)
    tables = [t for t in tables if not t.key.startswith(("goals", "plan"))]
    report = {
        **report,
        "goals": [
            {"title": "25 % till arbete eller studier", "target": 0.25, "value": 0.5, "status": "uppfyllt"}
        ],
        "plan": {
            "items": [
                {
                    "what": "Studiebesök",
                    "how": "Grupp",
                    "who": "Coacher",
                    "when": "2024-03",
                    "status": "klart",
                }
            ]
        },
    }
    doc = document(render_docx(report, tables, facts))
    assert table_with_heading(doc, "Mål")[1] == ["25 % till arbete eller studier", "0,25", "0,5", "uppfyllt"]
    assert table_with_heading(doc, "Vad")[1] == ["Studiebesök", "Grupp", "Coacher", "2024-03", "klart"]


def test_an_empty_project_still_makes_a_document(world):
    report = build_report(world.projects["spik"], on=ON)
    report["progression"] = None
    doc = document(docx_bytes(world.projects["spik"], report))
    assert heading_texts(doc)[: len(CHAPTERS)] == CHAPTERS
    texts = [p.text for p in doc.paragraphs]
    assert "Ingen inskrivning har två eller fler mätningar än." in texts


def test_cell_text_is_swedish():
    assert cell_text(None) == "–"
    assert cell_text(262.4) == "262,4"
    assert cell_text(0.1498, percent=True) == "15,0 %"
    assert cell_text(12) == "12"
    assert cell_text(True) == "Ja"


@pytest.mark.libreoffice
def test_opens_cleanly_in_libreoffice(project, report, tmp_path):
    """Converted to PDF by headless LibreOffice: several pages, the chapters and a key figure readable."""
    source = tmp_path / "slutrapport.docx"
    source.write_bytes(docx_bytes(project, report))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pdf = tmp_path / "slutrapport.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for chapter in CHAPTERS:
        assert chapter in text
    assert "Utkast till slutrapport" in text
    assert "Inskrivningar" in text and "66,7 %" in text


def test_every_chart_is_in_the_document_with_its_figures(project, report):
    """The pictures carry the very descriptions the chart functions give for the report's figures."""
    doc = document(docx_bytes(project, report))
    described = {
        shape._inline.docPr.get("title"): shape._inline.docPr.get("descr") for shape in doc.inline_shapes
    }
    expected = [
        charts.bar_chart(report["by_age_band"], "age_band", "Ålder vid start"),
        charts.bar_chart(report["by_referrer"], "referrer", "Anvisare"),
        charts.gender_stacked_chart(
            report["exits"]["by_reason_and_gender"], "exit_reason", "Avslutsorsaker per kön"
        ),
        charts.gender_balance_chart(report["by_referrer_and_gender"], "Andel kvinnor och män per anvisare"),
        charts.progression_radar_chart(
            report["progression"]["by_item"], "Gruppens spindeldiagram: första och senaste mätningen"
        ),
    ]
    for chart in expected:
        assert described[chart.title] == chart.description
    assert len(described) == 8
    for rel in doc.part.rels.values():
        if "image" in rel.reltype:
            image = Image.open(io.BytesIO(rel.target_part.blob))
            assert image.format == "PNG" and image.width >= 900


def test_tables_are_the_xml_python_docx_writes(project, report):
    """Tables are written in one piece; reading them back gives what python-docx's cell API made."""
    tricky = Table(
        "tricky",
        "Knepig tabell",
        ["Text", "Antal", "Andel", "Ja/nej"],
        [
            ["  mellanslag  ", 3, 0.5, True],
            ["rad\nbrytning\toch tab", 2.5, None, False],
            ['<&> "citat"', -1, 0.125, None],
            ["", 0, 1, "x"],
        ],
        percent_columns={2},
    )
    tables, facts = rendered_parts(project, report)
    doc = document(render_docx(report, [*tables, tricky], facts))
    table = doc.tables[-1]
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert texts == [
        ["Text", "Antal", "Andel", "Ja/nej"],
        ["  mellanslag  ", "3", "50,0 %", "Ja"],
        ["rad\nbrytning\toch tab", "2,5", "–", "Nej"],
        ['<&> "citat"', "-1", "12,5 %", "–"],
        ["", "0", "100,0 %", "x"],
    ]
    assert table.style.name == "Light Grid Accent 1"
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(
        run.bold and run.font.size == Pt(9) for cell in header.cells for run in cell.paragraphs[0].runs
    )
    first = table.rows[1].cells
    assert [cell.paragraphs[0].alignment for cell in first] == [
        None,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.RIGHT,
        None,
    ]
    assert [cell.width for cell in first] == [column.width for column in table.columns]
    assert sum(column.width for column in table.columns) > Cm(15)


@pytest.mark.parametrize("text", ["plain", "  spaces  ", "tab\there", "line\nbreak\r\nx", "\t", "<&>", ""])
def test_run_content_is_what_python_docx_writes_for_run_text(text):
    paragraph = Document().add_paragraph()
    run = paragraph.add_run(text)
    made = parse_xml(f"<w:r {nsdecls('w')}>{_run_content(text)}</w:r>")

    def canonical(element):
        return etree.tostring(element, method="c14n", exclusive=True)

    assert canonical(made) == canonical(run._r)
