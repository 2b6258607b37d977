from __future__ import annotations

import pytest

from grassroots.stats.formatting import display, prose, round_down


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3254, 3200),
        (3200, 3200),
        (999, 950),
        (1000, 1000),
        (723, 700),
        (355, 350),
        (100, 100),
        (99, 90),
        (57, 50),
        (20, 20),
        (19.9, 19),
        (15.6, 15),
        (9.99, 9.9),
        (3.45, 3.4),
    ],
)
def test_round_down(value: float, expected: float) -> None:
    assert round_down(value) == expected


@pytest.mark.parametrize(
    ("value", "unit", "approximate", "style", "expected"),
    [
        (186, "个", False, "多", "186个"),
        (3254, "件", True, "多", "3200多件"),
        (3200, "件", True, "多", "3200件"),  # exactly round: no 多
        (6_123_456, "元", True, "多", "600多万元"),
        (22_100_000, "元", True, "多", "2200多万元"),
        (156_000, "元", True, "余", "15万余元"),
        (5_600_000, "元", True, "超过", "超过550万元"),
        (34_500, "元", True, "以上", "3.4万元以上"),
        (3_750_000, "元", False, "多", "375万元"),
        (8000, "元", False, "多", "8000元"),
        (1_234_567, "元", False, "多", "1234567元"),  # not whole hundreds: in 元
        (96.4, "%", True, "以上", "96%以上"),
        (96.0, "%", True, "以上", "96%"),
        (30.2, "%", False, "多", "30.2%"),
        (100.0, "%", False, "多", "100%"),
        (723, "名", True, "多", "700多名"),
        (None, "个", False, "多", "（无数据）"),
    ],
)
def test_prose(value, unit, approximate, style, expected) -> None:  # type: ignore[no-untyped-def]
    assert prose(value, unit, approximate=approximate, style=style) == expected


def test_display() -> None:
    assert display(1127, "人") == "1,127 人"
    assert display(3_750_000, "元") == "375 万元"
    assert display(6_123_456, "元") == "612.35 万元"
    assert display(8000, "元") == "8,000 元"
    assert display(30.24, "%") == "30.2%"
    assert display(None, "个") == "—"
