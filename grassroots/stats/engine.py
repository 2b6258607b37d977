"""Computing indicator values: batched, so a page costs a fixed number of queries.

:func:`compute_values` takes any set of (key, period) pairs for one scope organization:

* aggregate indicators over the same model are computed together, for every requested
  period, in one ``aggregate()`` query per model;
* derived indicators cost no query: they combine their inputs' values;
* plain indicators (``fn(scope, period)``) run their own query or queries.

:func:`compute_children` computes one indicator for each child of an organization: one
``GROUP BY`` query on the children's path prefix for aggregate (and derived) indicators,
one call per child for plain ones.

Values are never made up: a key that is not registered is not computed (callers list it
as unavailable), and ``None`` means "no basis for a value" (a rate with no denominator).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import F
from django.db.models import Value as V
from django.db.models.functions import Substr

from .registry import Indicator, Period, Value, registry

Request = tuple[str, Period]


def percent(part: Value, whole: Value) -> Value:
    """``part`` as a percentage of ``whole``, one decimal (None when ``whole`` is 0)."""
    if part is None or not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _expand(keys: Iterable[str]) -> list[str]:
    """The keys and, recursively, the inputs of derived ones (inputs first)."""
    reg = registry()
    seen: dict[str, None] = {}

    def visit(key: str) -> None:
        if key in seen or key not in reg:
            return
        spec = reg[key].derived
        if spec is not None:
            for inp in spec.inputs:
                visit(inp)
        seen[key] = None

    for key in keys:
        visit(key)
    return list(seen)


def _alias(n: int) -> str:
    return f"v{n}"


def _normalise(value: Any) -> Value:
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value  # type: ignore[no-any-return]


def compute_values(scope: Any, requests: Sequence[Request]) -> dict[Request, Value]:
    """Values of the requested (key, period) pairs for ``scope``'s subtree. Keys that are
    not registered are left out of the result."""
    reg = registry()
    periods_by_key: dict[str, list[Period]] = defaultdict(list)
    for key, period in requests:
        if period not in periods_by_key[key]:
            periods_by_key[key].append(period)
    order = _expand(periods_by_key)
    # Inputs of derived indicators are needed for the same periods.
    for key in reversed(order):
        spec = reg[key].derived
        if spec is not None:
            for inp in spec.inputs:
                for period in periods_by_key[key]:
                    if period not in periods_by_key[inp]:
                        periods_by_key[inp].append(period)
    values: dict[Request, Value] = {}
    # One query per model for every aggregate indicator and period.
    batches: dict[tuple[Any, str], list[tuple[str, Period]]] = defaultdict(list)
    for key in order:
        agg = reg[key].aggregate
        if agg is not None:
            for period in periods_by_key[key]:
                batches[(agg.model, agg.path_field)].append((key, period))
    for (model, path_field), items in batches.items():
        expressions = {
            _alias(n): reg[key].aggregate.expression(period)  # type: ignore[union-attr]
            for n, (key, period) in enumerate(items)
        }
        row = model._default_manager.filter(**{f"{path_field}__subtree": scope.path}).aggregate(
            **expressions
        )
        for n, item in enumerate(items):
            values[item] = _normalise(row[_alias(n)])
    for key in order:
        ind = reg[key]
        for period in periods_by_key[key]:
            if ind.aggregate is not None:
                continue
            if ind.derived is not None:
                args = [values.get((inp, period)) for inp in ind.derived.inputs]
                values[(key, period)] = _normalise(ind.derived.combine(*args))
            else:
                values[(key, period)] = _normalise(ind.fn(scope, period))
    return {req: values[req] for req in requests if req in values}


def child_key(path: str, parent: Any) -> str:
    """The path of the child of ``parent`` that ``path`` lies under (or the parent's own)."""
    return path[: len(parent.path) + parent.steplen]


def _children_aggregate(
    ind: Indicator, parent: Any, period: Period, children: Sequence[Any]
) -> dict[str, Value]:
    agg = ind.aggregate
    assert agg is not None
    width = len(parent.path) + parent.steplen
    rows = (
        agg.model._default_manager.filter(**{f"{agg.path_field}__subtree": parent.path})
        .annotate(_child=Substr(F(agg.path_field), 1, V(width)))
        .order_by()
        .values("_child")
        .annotate(value=agg.expression(period))
    )
    wanted = {c.path for c in children}
    found = {row["_child"]: _normalise(row["value"]) for row in rows if row["_child"] in wanted}
    # A child with no rows has no group: its count is 0 (a sum is None, as in aggregate()).
    empty = agg.model._default_manager.none().aggregate(value=agg.expression(period))["value"]
    return {path: found.get(path, _normalise(empty)) for path in wanted}


def compute_children(
    key: str, parent: Any, period: Period, children: Sequence[Any]
) -> dict[str, Value]:
    """The value of ``key`` for each of ``children`` (direct children of ``parent``), by
    child path."""
    reg = registry()
    ind = reg[key]
    if ind.aggregate is not None:
        return _children_aggregate(ind, parent, period, children)
    if ind.derived is not None:
        parts = [compute_children(inp, parent, period, children) for inp in ind.derived.inputs]
        return {
            c.path: _normalise(ind.derived.combine(*(p[c.path] for p in parts))) for c in children
        }
    return {c.path: _normalise(ind.fn(c, period)) for c in children}


def batched_query_count(keys: Iterable[str]) -> int:
    """How many queries :func:`compute_values` runs for ``keys`` at most, if every plain
    indicator runs one query (used by the tests' query budgets)."""
    reg = registry()
    expanded = _expand(keys)
    models = {
        (reg[k].aggregate.model, reg[k].aggregate.path_field)  # type: ignore[union-attr]
        for k in expanded
        if reg[k].aggregate is not None
    }
    plain = [k for k in expanded if reg[k].aggregate is None and reg[k].derived is None]
    return len(models) + len(plain)
