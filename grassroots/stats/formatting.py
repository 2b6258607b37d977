"""Writing indicator values as Chinese users read them.

:func:`display` is for tables and the dashboard ("1,127 人", "375 万元", "30.2%").
:func:`prose` is for the report's sentences, written as the article writes figures:
exact values plainly ("186个", "375万元"), and values whose catalogue rule is
``at_least`` as approximate figures rounded *down* to a round number, so the sentence is
always true: "3200多件", "600多万元", "15万余元", "96%以上", "超过550万元".
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.translation import gettext as _

from .registry import Value

# Round-down steps for approximate figures, by magnitude (in the unit written: 件, 万元...).
APPROX_STYLES = ("多", "余", "以上", "超过")


def _plain(number: float | int | Decimal, *, grouping: bool = False) -> str:
    if isinstance(number, Decimal):
        number = float(number)
    if isinstance(number, float):
        if number == int(number):
            number = int(number)
        else:
            text = f"{number:,.2f}" if grouping else f"{number:.2f}"
            return text.rstrip("0").rstrip(".")
    return f"{number:,}" if grouping else str(number)


def round_down(x: float) -> float:
    """A round figure not above ``x``: two significant digits from 1000 (3254 → 3200),
    fifties from 100 (723 → 700, 355 → 350), tens from 20 (57 → 50), units from 10
    (15.6 → 15), tenths below (3.47 → 3.4)."""
    if x >= 1000:
        step = 10 ** (math.floor(math.log10(x)) - 1)
    elif x >= 100:
        step = 50
    elif x >= 20:
        step = 10
    elif x >= 10:
        step = 1
    else:
        step = 0.1  # type: ignore[assignment]
    rounded = math.floor(round(x / step, 9)) * step
    return round(rounded, 1)


def _money_parts(value: float) -> tuple[float, str]:
    """Money in 万元 when it is at least 10000 元 and a whole number of hundreds."""
    if abs(value) >= 10000 and round(value) % 100 == 0:
        return value / 10000, _("万元")
    return value, _("元")


def number_parts(value: Value, unit: str) -> tuple[str, str]:
    """A value split into its number and the unit it is written in: ("1,127", "人"),
    ("375", "万元") for 3750000 元, ("30.2", "%"); ("—", unit) for no value."""
    if value is None:
        return "—", unit
    number = float(value) if isinstance(value, Decimal) else value
    if unit == "%":
        return f"{float(number):.1f}", "%"
    if unit == "元" and abs(float(number)) >= 10000:
        return _plain(round(float(number) / 10000, 2), grouping=True), _("万元")
    return _plain(number, grouping=True), unit


def number_text(value: Value, unit: str) -> str:
    """A number for a table column whose header names ``unit``: "11,622", "74.4"; "—"."""
    if value is None:
        return "—"
    if unit == "%":
        return f"{float(value):.1f}"
    return _plain(float(value) if isinstance(value, Decimal) else value, grouping=True)


def display(value: Value, unit: str) -> str:
    """A value for a table cell or a dashboard card."""
    if value is None:
        return "—"
    text, written = number_parts(value, unit)
    return f"{text}%" if written == "%" else f"{text} {written}".strip()


def prose(value: Value, unit: str, *, approximate: bool = False, style: str = "多") -> str:
    """A value inside a sentence: "186个", "3200多件", "600多万元", "96%以上"."""
    if value is None:
        return _("（无数据）")
    assert style in APPROX_STYLES
    number = float(value)
    if unit == "%":
        if not approximate:
            return f"{_plain(round(number, 1))}%"
        shown = math.floor(number)
        if shown == number:
            return f"{shown}%"
        return f"超过{shown}%" if style == "超过" else f"{shown}%以上"
    if unit == "元":
        amount, written_unit = (
            (number / 10000, _("万元")) if approximate and number >= 10000 else _money_parts(number)
        )
    else:
        amount, written_unit = number, unit
    if not approximate:
        return f"{_plain(amount)}{written_unit}"
    shown_amount = round_down(amount)
    text = _plain(shown_amount)
    if shown_amount == amount:
        return f"{text}{written_unit}"
    if style == "多":
        return f"{text}多{written_unit}"
    if style == "余":
        if written_unit == _("万元"):
            return f"{text}万余元"
        return f"{text}{written_unit}余"
    if style == "以上":
        return f"{text}{written_unit}以上"
    return f"超过{text}{written_unit}"


def section_label(section: str) -> str:
    """The Chinese name of a catalogue section (or of a non-catalogue key's prefix)."""
    labels = {
        "liaison": _("领导干部党建工作联系点"),
        "leadership": _("县委抓基层党建"),
        "commitments": _("公开承诺"),
        "rectification": _("软弱涣散党组织整顿"),
        "elections": _("村“两委”换届"),
        "admission": _("发展党员"),
        "funds": _("基层党建经费"),
        "assistance": _("结对帮扶"),
        "community": _("在职党员进社区"),
        "mobile": _("流动党员"),
        "training": _("教育培训"),
        "members": _("党员队伍"),
        "orgs": _("组织体系"),
    }
    return str(labels.get(section, section))
