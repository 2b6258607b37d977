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

Two optional forms let the engine (``grassroots.stats.engine``) batch work, so a
dashboard or a drill-down runs a fixed number of queries however many indicators and
organizations it shows:

* :func:`aggregate_indicator` -- the value is one aggregate (``Count``/``Sum`` with a
  ``filter``) over one model restricted to the scope's subtree. Indicators over the same
  model are computed together in one query, for several periods at once, and for all the
  children of an organization in one ``GROUP BY`` query.
* :func:`derived_indicator` -- the value is computed from other indicators' values (a
  rate from a count and a total) without a query of its own.

Both still have the plain ``fn(scope, period)`` every indicator has.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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

    @property
    def slug(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

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
class AggregateSpec:
    """How an aggregate indicator is computed: ``expression(period)`` is a Django
    aggregate (``Count("pk", filter=Q(...))``, ``Sum(...)``) over ``model``, restricted to
    the scope by ``path_field`` (the organization path: ``"organization__path"``, or
    ``"path"`` for organizations themselves)."""

    model: Any
    path_field: str
    expression: Callable[[Period], Any]


@dataclass(frozen=True)
class DerivedSpec:
    """A value computed from other indicators' values (``inputs``, in order)."""

    inputs: tuple[str, ...]
    combine: Callable[..., Value]


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: str
    en: str
    unit: str
    definition: str
    fn: Callable[[Any, Period], Value]
    section: str
    aggregate: AggregateSpec | None = field(default=None, compare=False)
    derived: DerivedSpec | None = field(default=None, compare=False)

    @property
    def in_catalogue(self) -> bool:
        return self.key in catalogue()

    @property
    def origin(self) -> str:
        """The module that registered the indicator (for error messages)."""
        return f"{self.fn.__module__}.{self.fn.__qualname__}"


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


def _register(
    key: str,
    fn: Callable[[Any, Period], Value],
    *,
    zh: str | None,
    en: str | None,
    unit: str | None,
    definition: str,
    doc_fn: Callable[..., Any],
    aggregate: AggregateSpec | None = None,
    derived: DerivedSpec | None = None,
) -> Indicator:
    entry = catalogue().get(key)
    if entry is None and not (zh and en and unit is not None):
        raise ValueError(f"indicator {key} is not in the catalogue: give zh, en and unit")
    new = Indicator(
        key=key,
        zh=zh or entry.zh,  # type: ignore[union-attr]
        en=en or entry.en,  # type: ignore[union-attr]
        unit=unit if unit is not None else entry.unit,  # type: ignore[union-attr]
        definition=definition or (doc_fn.__doc__ or "").strip(),
        fn=fn,
        section=entry.section if entry else key.split(".")[0],
        aggregate=aggregate,
        derived=derived,
    )
    old = _registry.get(key)
    if old is not None and old.origin != new.origin:
        # Two modules computing one key would silently disagree: refuse.
        raise ValueError(f"indicator {key} is registered twice: {old.origin} and {new.origin}")
    _registry[key] = new
    return new


def indicator(
    key: str,
    *,
    zh: str | None = None,
    en: str | None = None,
    unit: str | None = None,
    definition: str = "",
) -> Callable[[Callable[[Any, Period], Value]], Callable[[Any, Period], Value]]:
    """Register ``fn(scope, period) -> value``; the docstring is the definition text."""

    def decorator(fn: Callable[[Any, Period], Value]) -> Callable[[Any, Period], Value]:
        _register(key, fn, zh=zh, en=en, unit=unit, definition=definition, doc_fn=fn)
        return fn

    return decorator


def aggregate_indicator(
    key: str,
    *,
    model: Any,
    path_field: str = "organization__path",
    zh: str | None = None,
    en: str | None = None,
    unit: str | None = None,
    definition: str = "",
) -> Callable[[Callable[[Period], Any]], Callable[[Period], Any]]:
    """Register an indicator that is one aggregate over ``model`` in the scope's subtree::

    @aggregate_indicator("members.female", model=Member, zh="女党员", en="...", unit="名")
    def members_female(period: Period) -> Aggregate:
        return Count("pk", filter=active_on(period.end) & Q(sex=Sex.FEMALE))
    """

    def decorator(expression: Callable[[Period], Any]) -> Callable[[Period], Any]:
        def fn(scope: Any, period: Period) -> Value:
            qs = model._default_manager.filter(**{f"{path_field}__subtree": scope.path})
            return qs.aggregate(value=expression(period))["value"]  # type: ignore[no-any-return]

        fn.__module__ = expression.__module__
        fn.__qualname__ = expression.__qualname__
        _register(
            key,
            fn,
            zh=zh,
            en=en,
            unit=unit,
            definition=definition,
            doc_fn=expression,
            aggregate=AggregateSpec(model=model, path_field=path_field, expression=expression),
        )
        return expression

    return decorator


def derived_indicator(
    key: str,
    *,
    inputs: Sequence[str],
    zh: str | None = None,
    en: str | None = None,
    unit: str | None = None,
    definition: str = "",
) -> Callable[[Callable[..., Value]], Callable[..., Value]]:
    """Register an indicator computed from other indicators' values::

        @derived_indicator("members.female_rate", inputs=["members.female", "members.total"], ...)
        def female_rate(female, total): return percent(female, total)

    An input that is unavailable (not registered) makes the derived one unavailable too.
    """

    def decorator(combine: Callable[..., Value]) -> Callable[..., Value]:
        def fn(scope: Any, period: Period) -> Value:
            from .engine import compute_values

            values = compute_values(scope, [(k, period) for k in inputs])
            return combine(*(values[(k, period)] for k in inputs))

        fn.__module__ = combine.__module__
        fn.__qualname__ = combine.__qualname__
        _register(
            key,
            fn,
            zh=zh,
            en=en,
            unit=unit,
            definition=definition,
            doc_fn=combine,
            derived=DerivedSpec(inputs=tuple(inputs), combine=combine),
        )
        return combine

    return decorator


def registry() -> dict[str, Indicator]:
    """Every registered indicator, after loading each app's ``indicators.py``; derived
    indicators whose inputs are missing are left out (they cannot be computed)."""
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("indicators")
        _loaded = True
        for key in [k for k, ind in _registry.items() if ind.derived]:
            missing = [i for i in _registry[key].derived.inputs if i not in _registry]  # type: ignore[union-attr]
            if missing:
                del _registry[key]
    return _registry


def available(key: str) -> bool:
    return key in registry()


def unavailable_keys() -> list[str]:
    """Catalogue keys that no module computes yet."""
    reg = registry()
    return [key for key in catalogue() if key not in reg]


def ordered_keys() -> list[str]:
    """Every key: the catalogue in its order, then the other registered ones."""
    cat = list(catalogue())
    return cat + [k for k in registry() if k not in catalogue()]


def label(key: str) -> str:
    ind = registry().get(key)
    if ind is not None:
        return ind.zh
    entry = catalogue().get(key)
    return entry.zh if entry else key


def unit(key: str) -> str:
    ind = registry().get(key)
    if ind is not None:
        return ind.unit
    entry = catalogue().get(key)
    return entry.unit if entry else ""


def compute(key: str, scope: Any, period: Period) -> Value:
    return registry()[key].fn(scope, period)
