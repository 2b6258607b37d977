"""The report as PDF: the same content and layout as the Word document, through an
HTML template (``stats/report_pdf.html``) with CSS ``@page`` rules, rendered by
WeasyPrint. Fonts are named as in the Word document first, then the free stand-ins that
set-up installs (Noto CJK for Song/Hei/FangSong, AR PL UKai for Kai)."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from .cn import DATE_INDENT, cn_date, signature_indent
from .content import Chart, Heading, Paragraph, Report, Table, appendix_table

FONTS = {
    "fangsong": '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Noto Serif CJK", serif',
    "kai": '"楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "AR PL UKai", "Noto Serif CJK SC", serif',
    "hei": '"黑体", "SimHei", "Noto Sans CJK SC", "Noto Sans CJK", sans-serif',
    "song": '"宋体", "SimSun", "Noto Serif CJK SC", "Noto Serif CJK", serif',
    "xiaobiaosong": '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Noto Serif CJK", serif',
}


def _blocks(report: Report) -> list[dict[str, Any]]:
    return _blocks_of(report.blocks)


def _blocks_of(blocks: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append({"kind": "heading", "level": block.level, "text": block.full})
        elif isinstance(block, Paragraph):
            out.append({"kind": "paragraph", "text": block.text})
        elif isinstance(block, Table):
            out.append(
                {
                    "kind": "table",
                    "caption": block.caption,
                    "columns": block.headers,
                    "rows": [
                        [{"text": text, "numeric": block.numeric[i]} for i, text in enumerate(row)]
                        for row in block.text_rows
                    ],
                }
            )
        elif isinstance(block, Chart) and block.png:
            src = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
            out.append({"kind": "chart", "caption": block.caption, "src": src})
    return out


def _keep_groups(blocks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Headings grouped with the paragraph after them, so no heading ends a page."""
    groups: list[list[dict[str, Any]]] = []
    open_group = False
    for block in blocks:
        if open_group:
            groups[-1].append(block)
            open_group = block["kind"] == "heading"
        else:
            groups.append([block])
            open_group = block["kind"] == "heading"
    return groups


def render_html(report: Report) -> str:
    date = cn_date(report.date)
    appendix = appendix_table(report)
    (attachment,) = _blocks_of([appendix])
    groups = _keep_groups(_blocks(report))
    # The text's last group goes with the closing (kept on one page), unless it holds a
    # table, which may be longer than a page.
    closing_group = groups.pop() if groups and all(b["kind"] != "table" for b in groups[-1]) else []
    return render_to_string(
        "stats/report_pdf.html",
        {
            "report": report,
            "groups": groups,
            "closing_group": closing_group,
            "fonts": FONTS,
            "date": date,
            "attachment": attachment,
            "signature_indent": signature_indent(report.signature, date),
            "date_indent": DATE_INDENT,
        },
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]
