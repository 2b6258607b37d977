"""The indicator registry (统计指标). Each app registers its indicators in ``indicators.py``::

    from grassroots.stats.registry import Period, indicator

    @indicator("mobile.members_managed")
    def mobile_members_managed(scope: Organization, period: Period) -> int:
        return Member.objects.filter(..., organization__path__subtree=scope.path).count()

Labels, unit and the article figure come from ``catalogue.yaml`` (a copy of the shared
indicator catalogue; keys there are stable API). An indicator outside the catalogue
passes ``zh``, ``en`` and ``unit`` itself. The function computes the value from records
with aggregate queries, for any organization subtree (``scope``) and period: never a
stored figure. A catalogue key that no app registers is *unavailable*.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

Value = int | float | Decimal | None

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")


@dataclass(frozen=True)
class Period:
    """A closed date range; most reports use a calendar year."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        return (
            cls(dt.date(year, 1, 1), dt.date(year, 6, 30))
            if half == 1
            else cls(dt.date(year, 7, 1), dt.date(year, 12, 31))
        )

    @property
    def label(self) -> str:
        if (
            self.start.month == 1
            and self.start.day == 1
            and self.end == dt.date(self.start.year, 12, 31)
        ):
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    section: str
    zh: str
    en: str
    unit: str
    article: float | int | None
    match: str | None


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: str
    en: str
    unit: str
    definition: str
    fn: Callable[[Any, Period], Value]
    section: str


@functools.cache
def catalogue() -> dict[str, CatalogueEntry]:
    data = yaml.safe_load(CATALOGUE_PATH.read_text(encoding="utf-8"))
    entries: dict[str, CatalogueEntry] = {}
    for section, items in data.items():
        for item in items:
            entries[item["key"]] = CatalogueEntry(
                key=item["key"],
                section=section,
                zh=item["zh"],
                en=item["en"],
                unit=item["unit"],
                article=item.get("article"),
                match=item.get("match"),
            )
    return entries


_registry: dict[str, Indicator] = {}
_loaded = False


def indicator(
    key: str,
    *,
    zh: str | None = None,
    en: str | None = None,
    unit: str | None = None,
    definition: str = "",
) -> Callable[[Callable[[Any, Period], Value]], Callable[[Any, Period], Value]]:
    def decorator(fn: Callable[[Any, Period], Value]) -> Callable[[Any, Period], Value]:
        entry = catalogue().get(key)
        if entry is None and not (zh and en and unit is not None):
            raise ValueError(f"indicator {key} is not in the catalogue: give zh, en and unit")
        _registry[key] = Indicator(
            key=key,
            zh=zh or entry.zh,  # type: ignore[union-attr]
            en=en or entry.en,  # type: ignore[union-attr]
            unit=unit if unit is not None else entry.unit,  # type: ignore[union-attr]
            definition=definition or (fn.__doc__ or "").strip(),
            fn=fn,
            section=entry.section if entry else key.split(".")[0],
        )
        return fn

    return decorator


def registry() -> dict[str, Indicator]:
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
        _loaded = True
    return _registry


def unavailable_keys() -> list[str]:
    """Catalogue keys that no module computes yet."""
    reg = registry()
    return [key for key in catalogue() if key not in reg]


def compute(key: str, scope: Any, period: Period) -> Value:
    return registry()[key].fn(scope, period)
