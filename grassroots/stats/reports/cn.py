from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2014年12月31日 (Arabic numerals, as GB/T 9704 writes the date of issue)."""
    return f"{day.year}年{day.month}月{day.day}日"


DATE_INDENT = 4  # characters from the right edge (documents.md)


def text_width(text: str) -> float:
    """Width in body characters: a CJK character is one, a digit or letter half."""
    return sum(0.5 if ord(c) < 128 else 1 for c in text)


def signature_indent(signature: str, date: str) -> float:
    """The right indent (in characters) that centres the issuing body's name over the
    date of issue, which stands :data:`DATE_INDENT` characters from the right edge."""
    return max(0.0, DATE_INDENT + (text_width(date) - text_width(signature)) / 2)
