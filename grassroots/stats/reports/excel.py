"""The report as an Excel workbook: one sheet per section of the report with its
indicator table (key, label, value, unit, the article's figure), the member structure,
the subordinate organizations, and every other registered indicator."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .. import registry as reg
from .content import Report, Table, indicator_rows

HEADER_FILL = PatternFill("solid", fgColor="F3D3D4")
BOLD = Font(bold=True)


def _sheet(
    wb: Workbook, title: str, columns: list[str], rows: list[list[Any]], widths: list[int]
) -> None:
    ws = wb.create_sheet(title=title[:31])
    ws.append(columns)
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        ws.append(row)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"


def _value_cell(row: dict[str, Any]) -> Any:
    if not row["available"]:
        return _("暂无数据")
    return _number_cell(row["value"])


def _number_cell(value: Any) -> Any:
    """A numeric cell (Decimal as float); an empty cell where there is no value."""
    return float(value) if isinstance(value, Decimal) else value


def render_xlsx(report: Report) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    columns = [_("指标代码"), _("指标名称"), _("数值"), _("单位"), _("文章数字"), _("比对规则")]
    widths = [40, 40, 16, 8, 14, 10]
    listed: set[str] = set()
    for part in report.parts:
        rows = indicator_rows(report, part.keys)
        listed.update(part.keys)
        _sheet(
            wb,
            part.sheet,
            columns,
            [
                [r["key"], r["label"], _value_cell(r), r["unit"], r["article"], r["match"] or ""]
                for r in rows
            ],
            widths,
        )
    others = [k for k in reg.ordered_keys() if k not in listed]
    rows = indicator_rows(report, others)
    _sheet(
        wb,
        _("党员和组织概况"),
        columns[:4],
        [[r["key"], r["label"], _value_cell(r), r["unit"]] for r in rows],
        widths[:4],
    )
    for block in report.blocks:
        if isinstance(block, Table):
            title = block.caption.split("  ", 1)[-1]
            cells = [
                [_number_cell(v) if block.unit(i) else v for i, v in enumerate(row)]
                for row in block.rows
            ]
            _sheet(wb, title, block.headers, cells, [30] + [16] * (len(block.columns) - 1))
    info = wb.create_sheet(title=_("说明"), index=0)
    for line in (
        [report.title],
        [_("组织"), report.org.name, report.org.code],
        [_("统计年度"), report.year],
        [_("暂无数据的指标"), len(report.unavailable)],
        [_("说明"), _("“暂无数据”表示相应业务模块尚未上线，不是零。")],
    ):
        info.append(line)
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 18
    info.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
