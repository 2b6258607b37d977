"""Pinyin keys for search: 张三 is found by ``zhangsan`` and by ``zs``."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(text or "", errors="ignore")).lower()


def pinyin_initials(text: str) -> str:
    return "".join(lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="ignore")).lower()


def pinyin_keys(text: str) -> tuple[str, str]:
    """Both keys from one conversion (bulk imports compute thousands of them)."""
    syllables = [s for s in lazy_pinyin(text or "", errors="ignore") if s]
    return "".join(syllables).lower(), "".join(s[0] for s in syllables).lower()


def looks_like_pinyin(query: str) -> bool:
    return bool(query) and query.isascii() and query.replace(" ", "").isalpha()
