"""The report as a Word document in the official-document layout (GB/T 9704-2012).

A4; margins top 37 mm, left (binding edge) 28 mm, so the text block is 156 × 225 mm;
body 三号 (16 pt) 仿宋 on a grid of 22 lines × 28 characters; title 二号 (22 pt)
小标宋 centred; headings 一、黑体 / （一）楷体 / 1. 仿宋 bold; page numbers "— 1 —" in
四号 (14 pt) 宋体, odd pages right and even pages left, one character from the edge;
date right-aligned four characters from the right edge. Fonts are named as Word and
WPS users have them (仿宋_GB2312 …); the PDF uses free stand-ins.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .cn import DATE_INDENT, cn_date, signature_indent
from .content import Chart, Heading, Paragraph, Report, Table, appendix_table

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONG = "宋体"
XIAOBIAOSONG = "方正小标宋简体"

BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
PAGE_NUMBER_PT = 14  # 四号
TABLE_PT = 12  # 小四
LINE_PITCH_TWIPS = 579  # 225 mm / 22 lines = 28.95 pt
LINE_PT = 28.95
# 28 characters in 156 mm (442.2 pt) need a pitch under 15.79 pt: 16 pt characters
# condensed by 0.25 pt (``w:spacing`` in twentieths of a point). A character grid
# (docGrid linesAndChars) would say the same, but LibreOffice and WPS read it
# differently, so the grid is lines only and the spacing is on the body style.
CHAR_CONDENSE_TWIPS = -5
# The elements that follow w:spacing in a run's properties (EG_RPrBase, ECMA-376 Part 1
# §17.3.2.28, then rPrChange): a new w:spacing goes before the first of them present.
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
    "w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange",
)  # fmt: skip


def _set_font(run_or_style: object, name: str, size: float, *, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    fonts = element.get_or_add_rPr().get_or_add_rFonts()  # in schema order (after rStyle)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _exact_lines(paragraph_format: object, points: float = LINE_PT) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY  # type: ignore[attr-defined]
    paragraph_format.line_spacing = Pt(points)  # type: ignore[attr-defined]
    paragraph_format.space_before = Pt(0)  # type: ignore[attr-defined]
    paragraph_format.space_after = Pt(0)  # type: ignore[attr-defined]


def _indent_chars(
    paragraph: object, *, first: float = 0, right: float = 0, left: float = 0
) -> None:
    """Indents in characters (``w:firstLineChars`` etc., hundredths of a character), with
    the equivalent in points for programs that ignore the character units."""
    # ``get_or_add_ind`` puts w:ind where CT_PPr wants it: after w:spacing, before w:jc.
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    if first:
        ind.set(qn("w:firstLineChars"), str(first * 100))
        ind.set(qn("w:firstLine"), str(round(first * BODY_PT * 20)))
    if right:
        ind.set(qn("w:rightChars"), str(round(right * 100)))
        ind.set(qn("w:right"), str(round(right * BODY_PT * 20)))
    if left:
        ind.set(qn("w:leftChars"), str(round(left * 100)))
        ind.set(qn("w:left"), str(round(left * BODY_PT * 20)))


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.left_margin = Mm(37), Mm(28)
    section.right_margin = Mm(210 - 28 - 156)  # 26 mm
    section.bottom_margin = Mm(297 - 37 - 225)  # 35 mm
    section.header_distance = Mm(15)
    section.footer_distance = Mm(24)  # the number sits about 7 mm below the text block
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _field(paragraph: object, instruction: str) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    _set_font(run, SONG, PAGE_NUMBER_PT)
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def _page_number(paragraph: object, *, odd: bool) -> None:
    """ "— N —" in 四号 宋体: odd pages right, even pages left, one character in."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format  # type: ignore[attr-defined]
    if odd:
        fmt.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        fmt.left_indent = Pt(PAGE_NUMBER_PT)
    run = paragraph.add_run("— ")  # type: ignore[attr-defined]
    _set_font(run, SONG, PAGE_NUMBER_PT)
    _field(paragraph, "PAGE")
    run = paragraph.add_run(" —")  # type: ignore[attr-defined]
    _set_font(run, SONG, PAGE_NUMBER_PT)


def _styles(document: Document) -> None:  # type: ignore[valid-type]
    normal = document.styles["Normal"]  # type: ignore[attr-defined]
    _set_font(normal, FANGSONG, BODY_PT)
    _exact_lines(normal.paragraph_format)
    normal.paragraph_format.widow_control = False
    rpr = normal.element.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        # EG_RPrBase: … color, spacing, w, kern, position, sz, szCs, … (ECMA-376 §17.3.2).
        rpr.insert_element_before(spacing, *RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(CHAR_CONDENSE_TWIPS))


def _body(document: Document, text: str) -> None:  # type: ignore[valid-type]
    p = document.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(p, first=2)
    _set_font(p.add_run(text), FANGSONG, BODY_PT)


def _heading(document: Document, heading: Heading) -> None:  # type: ignore[valid-type]
    p = document.add_paragraph()  # type: ignore[attr-defined]
    _indent_chars(p, first=2)
    p.paragraph_format.keep_with_next = True
    font, bold = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True)}[heading.level]
    _set_font(p.add_run(heading.full), font, BODY_PT, bold=bold)


def _caption(document: Document, text: str, *, keep_with_next: bool = True) -> None:  # type: ignore[valid-type]
    p = document.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = keep_with_next
    _set_font(p.add_run(text), HEITI, 14)


def _table(document: Document, table: Table, *, caption: bool = True) -> None:  # type: ignore[valid-type]
    if caption:
        _caption(document, table.caption)
    grid = document.add_table(rows=1, cols=len(table.columns))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    # The first column (names) twice as wide as the number columns, over the text block.
    weights = [2] + [1] * (len(table.columns) - 1)
    for column, weight in zip(grid.columns, weights, strict=True):
        column.width = Mm(156 * weight / sum(weights))
    for cell, text, weight in zip(grid.rows[0].cells, table.headers, weights, strict=True):
        cell.width = Mm(156 * weight / sum(weights))
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(p.paragraph_format, TABLE_PT * 1.5)
        _set_font(p.add_run(str(text)), HEITI, TABLE_PT)
    for row in table.text_rows:
        cells = grid.add_row().cells
        for cell, weight in zip(cells, weights, strict=True):
            cell.width = Mm(156 * weight / sum(weights))
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            p = cell.paragraphs[0]
            numeric = table.numeric[i] if i < len(table.numeric) else False
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _exact_lines(p.paragraph_format, TABLE_PT * 1.5)
            _set_font(p.add_run(str(text)), FANGSONG, TABLE_PT)
    # A short table stays on one page (each row kept with the next), a long one repeats
    # its header row on each page.
    if len(table.rows) <= 15:
        for row in grid.rows[:-1]:
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    # Header row repeats on each page.
    tr_pr = grid.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    document.add_paragraph()  # type: ignore[attr-defined]


def _chart(document: Document, chart: Chart) -> None:  # type: ignore[valid-type]
    if not chart.png:
        return
    p = document.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(150))
    # A caption under its figure: keeping it with the next block chained every figure
    # and the following heading together, which pushed whole pages of figures along.
    _caption(document, chart.caption, keep_with_next=False)


def render_docx(report: Report) -> bytes:
    document = Document()
    _styles(document)
    _page_setup(document)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(title.paragraph_format, 36)
    for n, line in enumerate(report.title_lines):
        run = title.add_run(line)
        _set_font(run, XIAOBIAOSONG, TITLE_PT)
        if n < len(report.title_lines) - 1:
            run.add_break()
    document.add_paragraph()
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(document, block)
        elif isinstance(block, Paragraph):
            _body(document, block.text)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Chart):
            _chart(document, block)
    # GB/T 9704: the attachment note (附件说明) a blank line under the text, two
    # characters in; the issuing body a blank line lower, centred over the date of issue
    # four characters from the right; the attachment itself on a new page after them.
    # The closing never stands on a page of its own (GB/T 9704 has the signature and
    # date share the page with text): it is kept with the text's last paragraph.
    _keep_with_closing(document, report.blocks[-1] if report.blocks else None)
    appendix = appendix_table(report)
    closing = [document.add_paragraph()]
    _body(document, _("附件：%(title)s") % {"title": appendix.caption})
    closing.append(document.paragraphs[-1])
    closing.append(document.add_paragraph())
    date = cn_date(report.date)
    for text, indent in (
        (report.signature, signature_indent(report.signature, date)),
        (date, DATE_INDENT),
    ):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _indent_chars(p, right=indent)
        _set_font(p.add_run(text), FANGSONG, BODY_PT)
        closing.append(p)
    for p in closing[:-1]:
        p.paragraph_format.keep_with_next = True
    _attachment(document, appendix)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _keep_with_closing(document: Any, last: object) -> None:
    """Keep the text's end with the closing that follows: the last paragraph (a chart's
    caption brings its chart, which is kept with it already), or a table's last row."""
    if isinstance(last, Table):
        for cell in document.tables[-1].rows[-1].cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    elif document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True


def _attachment(document: Document, table: Table) -> None:  # type: ignore[valid-type]
    """ "附件" in 黑体 at the top left of a new page, the title centred on the third line."""
    label = document.add_paragraph()  # type: ignore[attr-defined]
    label.paragraph_format.page_break_before = True
    _set_font(label.add_run(_("附件")), HEITI, BODY_PT)
    document.add_paragraph()  # type: ignore[attr-defined]
    title = document.add_paragraph()  # type: ignore[attr-defined]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    _set_font(title.add_run(table.caption), XIAOBIAOSONG, TITLE_PT)
    document.add_paragraph()  # type: ignore[attr-defined]
    _table(document, table, caption=False)
