from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2014年12月31日 (Arabic numerals, as GB/T 9704 writes the date of issue)."""
    return f"{day.year}年{day.month}月{day.day}日"
