"""A draft of the final report as a Word document, in the chapters of the ESF council's template.

The figures come from the report dict and its registered tables; the text between them is the
project's own, written in Stegvis per chapter (:mod:`stegvis.reports.exports.chapters`), or,
where none is written yet, a clearly marked placeholder ("[Skriv här: …]"). The chapters are the
template's (summary, results, success factors, challenges, project idea, desired effects, ways of
working, horizontal principles, follow-up and evaluation, use of the results, comments); the
figures sit under "Resultat" (participants, results per goal, exits and what came after,
progression, language) and under the chapters they belong to. Every table no chapter claims is
kept in an appendix, so a table another part of Stegvis registers is never left out.

Headings use Word's built-in Heading styles, so the document has a navigation pane, a table
of contents can be inserted, and screen readers can move by heading. Every chart is a PNG
with its figures as alternative text (the picture's ``descr``).
"""

import io
import re
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt
from docx.table import Table as DocxTable

from stegvis.reports.exports import charts
from stegvis.reports.exports.chapters import CHAPTERS, chapter_tables, texts_for
from stegvis.reports.exports.facts import definitions_text
from stegvis.reports.tables import Table
from stegvis.reports.templatetags.report_charts import as_percent, code_label

TABLE_STYLE = "Light Grid Accent 1"
PICTURE_WIDTH = Cm(16)
LANGUAGE = "sv-SE"
# Tables with more columns than this are set in a landscape section, in a smaller font.
PORTRAIT_MAX_COLUMNS = 8
SMALL_FONT_FROM_COLUMNS = 7
MIN_COLUMN = Cm(1.5)
# The columns a wide table shows in the document, by heading; the spreadsheet keeps them all.
DOCUMENT_COLUMNS = {
    "goals": ("Mål", "Målvärde (lägst)", "Målvärde", "Utfall", "Bedömning", "Status"),
    "plan": ("Vad", "Hur", "Vem", "När", "Status"),
}

PARTICIPANT_TABLES = (
    "by_gender",
    "by_age_band",
    "by_referrer",
    "by_intake_channel",
    "by_organization",
    "by_need_group",
)
EXIT_TABLES = ("exits_by_reason", "exits_by_reason_and_gender", "work_or_studies", "enrollment_days")
PROGRESSION_TABLES = (
    "progression",
    "progression_by_gender",
    "progression_by_gender_and_age_band",
    "progression_by_item",
)


def cell_text(value, percent=False):
    """A table value as Swedish text: decimal comma, shares as per cent, ``–`` for nothing."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if percent and isinstance(value, (int, float)):
        return as_percent(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


_CHAPTERS = {chapter.key: chapter for chapter in CHAPTERS}


class FinalReportDraft:
    """Builds the document chapter by chapter; tables are taken from ``tables`` by key."""

    def __init__(self, report, tables, facts):
        self.report = report
        self.tables = tables
        self.facts = facts
        self.used = set()
        self.figure_number = 0
        self.document = Document()
        # The last section, kept at hand: python-docx finds sections by searching the whole body.
        self._section = self.document.sections[-1]
        self._styles = {}
        self._set_language_and_properties()
        # The project's own texts per chapter, kept in Stegvis (stegvis.reports.exports.chapters).
        self.texts = texts_for(report["project"])
        self.table_level = 2

    # --- Building blocks --------------------------------------------------------------------

    def _set_language_and_properties(self):
        """Swedish for spelling and for screen readers; a title in the file's properties."""
        for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle", "Caption"):
            rpr = self.document.styles[style_name].element.get_or_add_rPr()
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
        properties = self.document.core_properties
        properties.title = _("Utkast till slutrapport: %(project)s") % {
            "project": self.report["project_name"]
        }
        properties.language = LANGUAGE
        properties.author = "Stegvis"

    def style(self, name):
        """The document's style ``name``, looked up once: python-docx searches every style by name on
        each use, which cost more than all the tables' cells together."""
        if name not in self._styles:
            self._styles[name] = self.document.styles[name]
        return self._styles[name]

    def _style_id(self, name):
        """The id a paragraph of style ``name`` refers to (``None`` for the default style), found once:
        python-docx compares a style with every style of the document on each paragraph."""
        key = ("id", name)
        if key not in self._styles:
            style = self.style(name)
            default = self.document.styles.default(style.type)
            self._styles[key] = (
                None if default is not None and default.style_id == style.style_id else style.style_id
            )
        return self._styles[key]

    def heading(self, text, level=1):
        if level == 1:
            self._orientation(landscape=False)
        return self.paragraph(text, style=f"Heading {level}")

    def paragraph(self, text="", style=None):
        paragraph = self.document.add_paragraph(text)
        if style:
            paragraph._p.style = self._style_id(style)
        return paragraph

    def chapter(self, key):
        """The chapter's heading, at its level in the template; its tables get the level below."""
        chapter = _CHAPTERS[key]
        self.table_level = chapter.level + 1
        return self.heading(str(chapter.title), level=chapter.level)

    def text(self, key):
        """The project's text for the chapter, a paragraph per blank-line-separated part; else a placeholder."""
        written = (self.texts.get(key) or "").strip()
        if not written:
            return self.placeholder(str(_CHAPTERS[key].hint))
        for part in re.split(r"\n\s*\n", written):
            self.paragraph(part.strip())
        return None

    def text_chapter(self, key):
        """A chapter of the project's own text only."""
        self.chapter(key)
        self.text(key)

    def placeholder(self, text):
        """A paragraph for the project's own text, in italics and in brackets so it cannot be missed."""
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(_("[Skriv här: %(what)s]") % {"what": text})
        run.italic = True
        return paragraph

    def table(self, table):
        """A registered table under its own level-2 heading, with its note below it.

        Columns get widths by their content; a table too wide for a portrait page gets a
        landscape page, and the few tables known to be wide show only their main columns.
        """
        self.used.add(table.key)
        table, shortened = _document_columns(table)
        self._orientation(landscape=len(table.columns) > PORTRAIT_MAX_COLUMNS)
        self.heading(table.title, level=self.table_level)
        size = Pt(8) if len(table.columns) >= SMALL_FONT_FROM_COLUMNS else Pt(9)
        texts = [
            [cell_text(value, i in table.percent_columns) for i, value in enumerate(row)]
            for row in table.rows
        ]
        widths = self._widths(table.columns, texts)
        tbl = parse_xml(_table_xml(self.style(TABLE_STYLE).style_id, table, texts, widths, size))
        self.document.element.body._insert_tbl(tbl)
        note = " ".join(
            n for n in (table.note, _("Alla kolumner finns i Excel-filen.") if shortened else "") if n
        )
        if note:
            paragraph = self.paragraph(note)
            for run in paragraph.runs:
                run.font.size = Pt(8)
        return DocxTable(tbl, self.document._body)

    def _text_width(self):
        section = self._section
        return section.page_width - section.left_margin - section.right_margin

    def _widths(self, columns, texts):
        """Share the text width by each column's content: long labels get room, counts stay narrow."""
        weights = []
        for i, heading in enumerate(columns):
            longest_word = max((len(word) for word in str(heading).split()), default=1)
            longest_value = max((len(row[i]) for row in texts), default=1)
            weights.append(min(max(longest_word + 2, longest_value, 7), 40))
        available = self._text_width()
        widths = [max(int(available * w / sum(weights)), MIN_COLUMN) for w in weights]
        scale = available / sum(widths)
        return [int(w * scale) for w in widths]

    def _orientation(self, landscape):
        """Start a new section when the page orientation has to change."""
        section = self._section
        if (section.orientation == WD_ORIENT.LANDSCAPE) == landscape:
            return
        width, height = section.page_width, section.page_height
        new = self.document.add_section(WD_SECTION.NEW_PAGE)
        new.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        new.page_width, new.page_height = height, width
        self._section = new

    def tables_with(self, keys=(), prefixes=()):
        """The not yet used tables whose key is one of ``keys`` (in that order) or starts with a prefix."""
        chosen = [t for key in keys for t in self.tables if t.key == key and t.key not in self.used]
        chosen += [
            t
            for t in self.tables
            if t.key not in self.used and t.key not in keys and any(t.key.startswith(p) for p in prefixes)
        ]
        return chosen

    def add_tables(self, keys=(), prefixes=()):
        chosen = self.tables_with(keys, prefixes)
        for table in chosen:
            self.table(table)
        return chosen

    def chart(self, chart):
        """The chart as a picture with its figures as alternative text, and a numbered caption."""
        if chart is None:
            return
        self._orientation(landscape=False)
        self.figure_number += 1
        paragraph = self.document.add_paragraph()  # as Document.add_picture, keeping the paragraph at hand
        picture = paragraph.add_run().add_picture(io.BytesIO(chart.png), width=PICTURE_WIDTH)
        doc_pr = picture._inline.docPr
        doc_pr.set("title", chart.title)
        doc_pr.set("descr", chart.description)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.paragraph(
            _("Figur %(n)s. %(title)s") % {"n": self.figure_number, "title": chart.title}, style="Caption"
        )

    # --- Chapters ---------------------------------------------------------------------------

    def title_page(self):
        self.paragraph(self.report["project_name"], style="Title")
        self.paragraph(_("Utkast till slutrapport"), style="Subtitle")
        facts = self.document.add_table(rows=0, cols=2)
        for label, value in [*self.facts.rows(), (_("Datum"), timezone.localdate().isoformat())]:
            cells = facts.add_row().cells
            cells[0].text = ""
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].text = value
        self.paragraph()
        self.paragraph(
            _(
                "Utkastet är skapat av Stegvis. Siffrorna och tabellerna kommer från projektets register; texterna "
                "inom hakparentes skriver projektet självt. %(definitions)s"
            )
            % {"definitions": definitions_text()}
        )
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def summary(self):
        self.chapter("sammanfattning")
        report = self.report
        self.paragraph(
            _(
                "Per %(on)s har projektet haft %(enrollments)s inskrivningar av %(persons)s unika deltagare, varav "
                "%(active)s är aktiva. %(exits)s har avslutats, och %(work)s av avsluten (%(share)s) gick till arbete "
                "eller studier."
            )
            % {
                "on": report["on"],
                "enrollments": report["enrollments"],
                "persons": report["unique_persons"],
                "active": report["active"],
                "exits": report["exits"]["total"],
                "work": report["work_or_studies"]["count"],
                "share": as_percent(report["work_or_studies"]["share"]),
            }
        )
        self.add_tables(keys=("key_figures",))
        self.text("sammanfattning")

    def participants(self):
        report = self.report
        self.chapter("deltagare")
        self.chart(
            charts.gender_stacked_chart(
                {_("Inskrivningar"): report["by_gender"], _("Unika deltagare"): report["by_gender_persons"]},
                "text",
                _("Kön: inskrivningar och unika deltagare"),
            )
        )
        self.chart(charts.bar_chart(report["by_age_band"], "age_band", _("Ålder vid start")))
        self.chart(charts.bar_chart(report["by_referrer"], "referrer", _("Anvisare")))
        self.add_tables(keys=PARTICIPANT_TABLES)
        self.text("deltagare")

    def goals(self):
        self.chapter("mal")
        if not self.add_tables(prefixes=("goals",)):
            goals = self.report.get("goals")
            if goals:
                self.generic_list(
                    goals,
                    (
                        (_("Mål"), ("title", "name", "goal", "label")),
                        (_("Målvärde"), ("target", "target_value")),
                        (_("Utfall"), ("value", "current", "current_value")),
                        (_("Status"), ("status_label", "status")),
                    ),
                    _("Mål och utfall"),
                )
            else:
                self.paragraph(_("Projektet har inga mål registrerade i Stegvis."))
        self.text("mal")

    def exits(self):
        self.chapter("avslut")
        self.chart(
            charts.gender_stacked_chart(
                self.report["exits"]["by_reason_and_gender"],
                "exit_reason",
                _("Avslutsorsaker per kön"),
            )
        )
        self.add_tables(keys=EXIT_TABLES)
        if not self.add_tables(prefixes=("after_exit",)) and self.report.get("after_exit") is None:
            self.paragraph(_("Uppföljning efter avslut finns inte i rapporten."))
        self.text("avslut")

    def progression(self):
        self.chapter("stegforflyttning")
        progression = self.report.get("progression")
        if not progression or not progression.get("measured"):
            self.paragraph(_("Ingen inskrivning har två eller fler mätningar än."))
        else:
            self.chart(
                charts.progression_radar_chart(
                    progression.get("by_item"),
                    _("Gruppens spindeldiagram: första och senaste mätningen"),
                )
            )
            rows = [(_("Alla mätta"), progression)]
            rows += [
                (code_label("gender", g), cell) for g, cell in (progression.get("by_gender") or {}).items()
            ]
            self.chart(
                charts.progression_outcome_chart(rows, _("Förändring mellan första och senaste mätningen"))
            )
            band_rows = [
                (f"{code_label('gender', g)}, {code_label('age_band', band)}", cell)
                for g, bands in (progression.get("by_gender_and_age_band") or {}).items()
                for band, cell in bands.items()
            ]
            self.chart(charts.progression_outcome_chart(band_rows, _("Förändring per kön och åldersgrupp")))
        self.add_tables(keys=PROGRESSION_TABLES)
        self.text("stegforflyttning")

    def language(self):
        self.chapter("sprak")
        if not self.add_tables(keys=("language",), prefixes=("language_",)):
            self.paragraph(_("Inga språknivåer finns i rapporten."))
        self.text("sprak")

    def horizontal_principles(self):
        self.chapter("horisontella")
        self.paragraph(
            _(
                "Jämställdhet: andelen kvinnor av kvinnor och män per anvisare. 40–60 % kvinnor räknas som jämn "
                "fördelning."
            )
        )
        self.chart(
            charts.gender_balance_chart(
                self.report["by_referrer_and_gender"],
                _("Andel kvinnor och män per anvisare"),
            )
        )
        if not self.add_tables(prefixes=("gender_balance",)):
            self.add_tables(keys=("by_referrer_and_gender",))
        self.add_tables(keys=("adaptations",))
        for table in chapter_tables("horisontella", self.report["project"]):
            self.table(table)
        self.text("horisontella")

    def implementation(self):
        self.chapter("arbetssatt")
        if not self.add_tables(prefixes=("plan",)):
            plan = self.report.get("plan")
            if plan:
                self.generic_list(
                    plan,
                    (
                        (_("Vad"), ("what", "title", "name")),
                        (_("Hur"), ("how",)),
                        (_("Vem"), ("who", "responsible")),
                        (_("När"), ("when", "due", "due_date")),
                        (_("Status"), ("status_label", "status")),
                    ),
                    _("Genomförandeplan"),
                )
        self.text("arbetssatt")

    def appendix(self):
        rest = [t for t in self.tables if t.key not in self.used]
        if not rest:
            return
        self.heading(_("Bilaga: fler tabeller"))
        self.table_level = 2
        for table in rest:
            self.table(table)

    def generic_list(self, value, columns, title):
        """A list of dicts without a registered table, read by the usual field names."""
        if isinstance(value, dict):
            value = value.get("goals") or value.get("items") or []
        items = [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        if not items:
            return
        rows = [[_first(item, names) for _label, names in columns] for item in items]
        self.table(Table(f"_{title}", title, [label for label, _names in columns], rows))

    def build(self):
        self.title_page()
        self.summary()
        self.text_chapter("resultat")
        self.participants()
        self.goals()
        self.exits()
        self.progression()
        self.language()
        self.text_chapter("framgangsfaktorer")
        self.text_chapter("utmaningar")
        self.text_chapter("projektide")
        self.text_chapter("effekter")
        self.implementation()
        self.horizontal_principles()
        for key in ("uppfoljning", "anvandning", "kommentarer"):
            self.text_chapter(key)
        self.appendix()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def _document_columns(table):
    """``(table, shortened)``: a known wide table cut to its main columns (when they are all there)."""
    wanted = DOCUMENT_COLUMNS.get(table.key)
    if not wanted:
        return table, False
    keep = [i for i, heading in enumerate(table.columns) if str(heading) in {_(w) for w in wanted}]
    if len(keep) < 2 or len(keep) == len(table.columns):
        return table, False
    return Table(
        table.key,
        table.title,
        [table.columns[i] for i in keep],
        [[row[i] for i in keep] for row in table.rows],
        percent_columns={n for n, i in enumerate(keep) if i in table.percent_columns},
        note=table.note,
    ), True


def _first(item, names):
    for name in names:
        if item.get(name) not in (None, ""):
            value = item[name]
            return value if isinstance(value, (int, float, str)) else str(value)
    return None


def _table_xml(style_id, table, texts, widths, size):
    """The ``w:tbl`` of ``table`` as XML text, the way python-docx would build it cell by cell.

    Written in one go because python-docx's cell, paragraph and run objects cost about a
    millisecond a cell, most of the draft's time once the charts were fast. The first row is a
    header row (``w:tblHeader``): repeated on every page and announced as headers. Numbers are
    right-aligned; the layout is fixed, with each column's width on every cell.
    """
    twips = [Emu(width).twips for width in widths]
    half_points = int(size.pt * 2)
    cell_starts = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p>' for w in twips]
    right = '<w:pPr><w:jc w:val="right"/></w:pPr>'
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{escape(style_id)}"/><w:tblW w:type="auto" w:w="0"/>'
        '<w:jc w:val="left"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
        'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        '</w:tblGrid><w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>',
    ]
    header_run = f'<w:r><w:rPr><w:b/><w:sz w:val="{half_points}"/></w:rPr>'
    for start, text in zip(cell_starts, table.columns, strict=False):
        parts += [start, header_run, _run_content(str(text)), "</w:r></w:p></w:tc>"]
    parts.append("</w:tr>")
    run = f'<w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr>'
    for row, row_texts in zip(table.rows, texts, strict=False):
        parts.append("<w:tr>")
        for start, value, text in zip(cell_starts, row, row_texts, strict=False):
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            parts += [start, right if number else "", run, _run_content(text), "</w:r></w:p></w:tc>"]
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


_RUN_BREAKS = re.compile(r"(\t|\r|\n)")


def _run_content(text):
    """A run's content as python-docx writes ``run.text``: ``w:t`` pieces, a tab as ``w:tab``, a line
    break as ``w:br``, and ``xml:space="preserve"`` on a piece with spaces at either end."""
    parts = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            preserve = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{preserve}>{escape(piece)}</w:t>")
    return "".join(parts)


def render_docx(report, tables, facts):
    """The document's bytes."""
    return FinalReportDraft(report, tables, facts).build()
