"""The report as PDF: the same content and layout as the Word document, through an
HTML template (``stats/report_pdf.html``) with CSS ``@page`` rules, rendered by
WeasyPrint. Fonts are named as in the Word document first, then the free stand-ins that
set-up installs (Noto CJK for Song/Hei/FangSong, AR PL UKai for Kai)."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from .. import registry as reg
from .cn import cn_date
from .content import Chart, Heading, Paragraph, Report, Table, indicator_rows

FONTS = {
    "fangsong": '"仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Noto Serif CJK", serif',
    "kai": '"楷体_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "AR PL UKai", "Noto Serif CJK SC", serif',
    "hei": '"黑体", "SimHei", "Noto Sans CJK SC", "Noto Sans CJK", sans-serif',
    "song": '"宋体", "SimSun", "Noto Serif CJK SC", "Noto Serif CJK", serif',
    "xiaobiaosong": '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", "Noto Serif CJK", serif',
}


def _blocks(report: Report) -> list[dict[str, Any]]:
    from django.utils.translation import gettext as _

    out: list[dict[str, Any]] = []
    tables: list[Any] = list(report.blocks)
    rows = indicator_rows(report, list(reg.catalogue()))
    tables.append(
        Table(
            _("附表  统计指标一览（%(year)s年）") % {"year": report.year},
            [_("指标"), _("数值"), _("单位")],
            [[r["label"], r["text"], r["unit"]] for r in rows],
            numeric=[False, True, False],
        )
    )
    for block in tables:
        if isinstance(block, Heading):
            out.append({"kind": "heading", "level": block.level, "text": block.full})
        elif isinstance(block, Paragraph):
            out.append({"kind": "paragraph", "text": block.text})
        elif isinstance(block, Table):
            out.append(
                {
                    "kind": "table",
                    "caption": block.caption,
                    "columns": block.columns,
                    "rows": [
                        [
                            {"text": text, "numeric": i < len(block.numeric) and block.numeric[i]}
                            for i, text in enumerate(row)
                        ]
                        for row in block.rows
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
    return render_to_string(
        "stats/report_pdf.html",
        {
            "report": report,
            "groups": _keep_groups(_blocks(report)),
            "fonts": FONTS,
            "date": cn_date(report.date),
        },
    )


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report)).write_pdf()  # type: ignore[no-any-return]
