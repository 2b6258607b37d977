"""The annual report's date of issue and the Word document's XML against the OOXML schema."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from lxml import etree

from grassroots.core.models import Job, JobStatus
from grassroots.stats.reports import render_report
from grassroots.stats.reports.content import build_report

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Child order of the property elements, transcribed from the ECMA-376 Part 1 schema
# (wml.xsd): CT_PPr = CT_PPrBase + rPr, sectPr, pPrChange (§17.3.1.26); CT_RPr and
# CT_ParaRPr = [ins, del, moveFrom, moveTo] + EG_RPrBase + rPrChange (§17.3.2.28, §17.3.1.29).
PPR_SEQUENCE = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_SEQUENCE = [
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
]


def _parts(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {
            name: z.read(name)
            for name in z.namelist()
            if name in ("word/document.xml", "word/styles.xml") or name.startswith("word/footer")
        }


def _order_errors(xml: bytes, tag: str, sequence: list[str]) -> list[str]:
    errors = []
    rank = {name: i for i, name in enumerate(sequence)}
    for element in etree.fromstring(xml).iter(f"{{{W_NS}}}{tag}"):
        names = [etree.QName(c).localname for c in element if etree.QName(c).namespace == W_NS]
        unknown = [n for n in names if n not in rank]
        ranks = [rank[n] for n in names if n in rank]
        if unknown or ranks != sorted(ranks) or len(set(ranks)) != len(ranks):
            errors.append(f"{tag}: {' '.join(names)}")
    return errors


@pytest.mark.django_db
def test_docx_property_elements_follow_the_schema_order(world) -> None:  # type: ignore[no-untyped-def]
    """Word refuses a document whose w:pPr / w:rPr children are out of schema order
    (e.g. w:ind after w:jc, or w:spacing after w:sz)."""
    parts = _parts(render_report(world.root, 2014, "docx"))
    assert {"word/document.xml", "word/styles.xml"} <= set(parts)
    errors = []
    for name, xml in parts.items():
        for tag, sequence in (("pPr", PPR_SEQUENCE), ("rPr", RPR_SEQUENCE)):
            errors += [f"{name} {e}" for e in _order_errors(xml, tag, sequence)]
    assert not errors, "\n".join(errors[:10])
    document = parts["word/document.xml"].decode()
    # The elements the report adds are there (so the check is not vacuous).
    assert "<w:ind " in document and '<w:jc w:val="both"/>' in document
    assert '<w:spacing w:val="-5"/>' in parts["word/styles.xml"].decode()


def test_order_check_catches_the_old_mistakes() -> None:
    bad_ppr = (
        f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="both"/><w:ind w:firstLine="640"/></w:pPr></w:p>'
    ).encode()
    bad_rpr = (
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:sz w:val="32"/><w:spacing w:val="-5"/></w:rPr></w:r>'
    ).encode()
    assert _order_errors(bad_ppr, "pPr", PPR_SEQUENCE)
    assert _order_errors(bad_rpr, "rPr", RPR_SEQUENCE)


@pytest.mark.django_db
def test_report_is_dated_the_last_day_of_its_year_by_default(world) -> None:  # type: ignore[no-untyped-def]
    report = build_report(world.root, 2014, render_charts=False)
    assert report.date == dt.date(2014, 12, 31)
    document = _parts(render_report(world.root, 2014, "docx"))["word/document.xml"].decode()
    assert "2014年12月31日" in document
    today = dt.date.today()
    assert f"{today.year}年{today.month}月{today.day}日" not in document


@pytest.mark.django_db
def test_command_takes_a_date_of_issue(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "r.docx"
    call_command(
        "annual_report", year=2014, fmt="docx", output=str(target), date="2015-01-15", verbosity=0
    )
    document = _parts(target.read_bytes())["word/document.xml"].decode()
    assert "2015年1月15日" in document and "2014年12月31日" not in document
    with pytest.raises(CommandError, match="成文日期"):
        call_command("annual_report", year=2014, fmt="docx", output=str(target), date="15.1.2015")


@pytest.mark.django_db
def test_report_form_takes_a_date_of_issue(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = world.client("township")
    url = reverse("stats:report", kwargs={"pk": world.orgs["a"].pk})
    assert 'name="date"' in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"year": 2014, "fmt": "docx", "date": "2015-01-20"})
    job = Job.objects.get(kind="stats.annual_report")
    assert job.status == JobStatus.SUCCEEDED, job.result
    content = b"".join(
        client.get(reverse("core:job_download", kwargs={"pk": job.pk})).streaming_content
    )
    assert "2015年1月20日" in _parts(content)["word/document.xml"].decode()


@pytest.mark.django_db
def test_xlsx_tables_hold_numbers_with_the_unit_in_the_header(world) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_report(world.root, 2014, "xlsx")))
    structure = wb["2014年底党员队伍结构"]
    assert [c.value for c in structure[1]] == ["类别", "项目", "人数（名）", "占比（%）"]
    trend = wb["近三年党员数量变化"]
    children = wb["下级党组织主要指标"]
    for ws in (structure, trend, children):
        cells = [
            c for row in ws.iter_rows(min_row=2, min_col=3) for c in row if c.value is not None
        ]
        assert cells and all(c.data_type == "n" for c in cells), ws.title
    assert (
        sum(r[2] for r in structure.iter_rows(min_row=2, values_only=True) if r[0] == "性别") == 3
    )
    for ws in wb.worksheets:
        if ws.cell(1, 3).value == "数值":  # indicator sheets: numbers, or the word for none
            for value in (r[2] for r in ws.iter_rows(min_row=2, values_only=True)):
                assert value is None or isinstance(value, int | float) or value == "暂无数据", (
                    ws.title,
                    value,
                )


@pytest.mark.django_db
def test_docx_appendix_names_the_unit_once(world) -> None:  # type: ignore[no-untyped-def]
    from docx import Document

    doc = Document(io.BytesIO(render_report(world.root, 2014, "docx")))
    appendix = doc.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == ["指标", "数值", "单位"]
    rows = [[c.text for c in r.cells] for r in appendix.rows[1:]]
    for label, number, unit in rows:
        assert unit not in number or number == "暂无数据", (label, number, unit)
    structure = doc.tables[0]
    assert (
        structure.rows[0].cells[2].text == "人数（名）"
        and "名" not in structure.rows[1].cells[2].text
    )


FILLER = (
    "各级党组织认真落实党建工作责任制，推动基层服务型党组织建设，"
    "党员队伍结构持续优化，群众满意度不断提高。"
) * 3


def _report_of(world, blocks):  # type: ignore[no-untyped-def]
    import dataclasses

    return dataclasses.replace(build_report(world.root, 2014, render_charts=False), blocks=blocks)


@pytest.mark.django_db
@pytest.mark.parametrize("paragraphs", [10, 11, 14])
def test_pdf_closing_shares_its_page_with_the_text(world, paragraphs) -> None:  # type: ignore[no-untyped-def]
    """Text lengths that end a page just before the closing: the signature and date
    do not stand on a page of their own, the text's last paragraph comes with them."""
    import subprocess
    import tempfile

    from grassroots.stats.reports.content import Paragraph
    from grassroots.stats.reports.pdf import render_pdf

    pdf = render_pdf(_report_of(world, [Paragraph(FILLER) for _ in range(paragraphs)]))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    (page,) = [p for p in text.split("\f") if "2014年12月31日" in p]
    assert "各级党组织" in page


@pytest.mark.django_db
def test_docx_closing_is_kept_with_the_text(world) -> None:  # type: ignore[no-untyped-def]
    """Word keeps the last paragraph, the attachment note and the signature with the
    date that follows (keep with next), so they move to a new page together."""
    from docx import Document

    from grassroots.stats.reports.content import Paragraph
    from grassroots.stats.reports.word import render_docx

    blocks = [Paragraph("第一段。"), Paragraph("最后一段。")]
    doc = Document(io.BytesIO(render_docx(_report_of(world, blocks))))
    texts = [p.text for p in doc.paragraphs]
    last, date = texts.index("最后一段。"), texts.index("2014年12月31日")
    kept = [bool(p.paragraph_format.keep_with_next) for p in doc.paragraphs]
    assert all(kept[last:date]), list(zip(texts[last:date], kept[last:date], strict=True))
    assert not kept[texts.index("第一段。")]  # only the end of the text is bound
