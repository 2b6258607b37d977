"""Reads for the dashboard, drill-down, API and reports, scoped to the actor.

Organizations come through the ``stats.view`` scope (out of scope: 404). The figures of
a scope and period are computed by the engine in a fixed number of queries and cached
per scope and period under the data version (``cache.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from grassroots.core import scoping
from grassroots.orgs.models import Organization

from . import registry as reg
from .cache import cached
from .engine import compute_children, compute_values
from .formatting import display, section_label
from .registry import Period, Value

PERMISSION = "stats.view"
TREND_YEARS = 3
MIN_YEAR = 1949


def stats_org_get(*, actor: Any, pk: Any) -> Organization:
    """An organization in the actor's statistics scope (404 otherwise)."""
    qs = Organization.objects.filter(scoping.scope_q(actor, PERMISSION, field=""))
    return scoping.get_scoped_or_404(qs, pk=pk)


def stats_org_by_code(*, actor: Any, code: str) -> Organization:
    qs = Organization.objects.filter(scoping.scope_q(actor, PERMISSION, field=""))
    return scoping.get_scoped_or_404(qs, code=code)


def stats_children(*, actor: Any, org: Organization, period: Period) -> QuerySet[Organization]:
    """Children of ``org`` in the actor's scope that existed during ``period``."""
    return (
        Organization.objects.filter(scoping.scope_q(actor, PERMISSION, field=""))
        .filter(path__subtree=org.path, depth=org.depth + 1)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=period.start))
        .order_by("path")
    )


def stats_ancestors(*, actor: Any, org: Organization) -> list[Organization]:
    """Ancestors in the actor's statistics scope, root first (the breadcrumb)."""
    paths = org.ancestor_paths()
    if not paths:
        return []
    return list(
        Organization.objects.filter(scoping.scope_q(actor, PERMISSION, field=""))
        .filter(path__in=paths)
        .order_by("depth")
    )


def root_organization() -> Organization:
    root = Organization.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise Organization.DoesNotExist("the organization tree is empty")
    return root


def clean_year(raw: Any, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if MIN_YEAR <= year <= timezone.localdate().year else default


def default_year(org: Organization) -> int:
    """The year the dashboard and the report form open on: the latest year with annual
    work records in ``org``'s tree, not merely the calendar year (in the Tongshan demo,
    opened in 2026, that is 2014, not a year with a stray admission).

    The anchor is the commitment letter (承诺书), which each county/township secretary
    publishes once a year at its start: the latest letter year of ``org``, its
    ancestors or its subtree is the current work year. Without letters (a tree that
    does not use the commitments module), the latest year in which members joined in
    ``org``'s subtree; with neither, the current year. Never later than this year."""
    from grassroots.commitments.models import CommitmentLetter
    from grassroots.members.models import Member

    def build() -> int:
        this_year = timezone.localdate().year
        tree = Q(organization__path__subtree=org.path) | Q(
            organization__path__in=org.ancestor_paths()
        )
        letters = CommitmentLetter.objects.filter(tree, year__lte=this_year)
        latest_letter = letters.aggregate(latest=Max("year"))["latest"]
        if latest_letter:
            return int(latest_letter)
        latest = Member.objects.filter(organization__path__subtree=org.path).aggregate(
            latest=Max("joined_on")
        )["latest"]
        return min(latest.year, this_year) if latest else this_year

    return cached("work_year", (org.pk, org.path), build)


def data_years(org: Organization) -> list[int]:
    """Years offered by the dashboard's year picker, newest first: the current year back
    to ten years before the default year."""
    this_year = timezone.localdate().year
    low = min(default_year(org), this_year) - 10
    return list(range(this_year, low, -1))


# --- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    value: Value
    available: bool
    text: str
    article: Any = None
    match: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "available": self.available,
            "text": self.text,
            "article": self.article,
            "match": self.match,
        }


def figure(key: str, values: dict[tuple[str, Period], Value], period: Period) -> Figure:
    entry = reg.catalogue().get(key)
    available = reg.available(key)
    value = values.get((key, period)) if available else None
    return Figure(
        key=key,
        label=reg.label(key),
        unit=reg.unit(key),
        value=value,
        available=available,
        text=display(value, reg.unit(key)) if available else _("暂无数据"),
        article=entry.article if entry else None,
        match=entry.match if entry else None,
    )


def period_values(org: Organization, period: Period) -> dict[str, Value]:
    """Every registered indicator for ``org``'s subtree and ``period`` (cached)."""

    def build() -> dict[str, Value]:
        keys = list(reg.registry())
        values = compute_values(org, [(k, period) for k in keys])
        return {k: values[(k, period)] for k in keys}

    return cached("values", (org.pk, org.path, period.slug), build)


def report_json(org: Organization, year: int) -> dict[str, Any]:
    """The JSON of the annual report: every catalogue key is in exactly one of
    ``indicators`` and ``unavailable``."""
    values = period_values(org, Period.year(year))
    return {
        "year": year,
        "org": {"code": org.code, "name": org.name},
        "indicators": {k: json_number(v) for k, v in values.items()},
        "unavailable": reg.unavailable_keys(),
    }


def json_number(value: Value) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    number = float(value)
    return int(number) if number.is_integer() and not isinstance(value, float) else number


# --- dashboard -----------------------------------------------------------------------------

KEY_FIGURES = [
    "members.total",
    "members.new",
    "members.probationary",
    "members.female_rate",
    "orgs.basic",
    "orgs.branches",
]
TREND_KEYS = ["members.total", "members.new", "members.left"]


def _chart(
    chart_id: str, title: str, kind: str, keys: list[str], values: dict[str, Value], **extra: Any
) -> dict[str, Any]:
    return {
        "id": chart_id,
        "title": title,
        "type": kind,
        "categories": [_short_label(k) for k in keys],
        "keys": keys,
        "series": [{"name": title, "data": [json_number(values.get(k)) for k in keys]}],
        **extra,
    }


def _short_label(key: str) -> str:
    """The label without the trailing 党员 / 领域基层党组织 used in chart axes."""
    text = reg.label(key)
    for suffix in ("学历党员", "领域基层党组织", "党员"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def member_structure_keys() -> dict[str, list[str]]:
    from grassroots.members.models import Education, Occupation
    from grassroots.orgs.models import OrgKind, Sector

    from .indicators import AGE_BANDS

    return {
        "sex": ["members.male", "members.female"],
        "age": [f"members.age.{slug}" for slug, *_rest in AGE_BANDS],
        "education": [f"members.edu.{v}" for v in Education.values],
        "occupation": [f"members.occ.{v}" for v in Occupation.values],
        "kind": [f"orgs.kind.{v}" for v in OrgKind.values],
        "sector": [f"orgs.sector.{v}" for v in Sector.values],
    }


def admission_keys() -> list[str]:
    """Whatever the admission app registers (its pipeline and rates)."""
    return [k for k, ind in reg.registry().items() if ind.section == "admission"]


def dashboard_data(org: Organization, year: int) -> dict[str, Any]:
    """Everything the dashboard shows for ``org``'s subtree and ``year``, computed in one
    batch (a fixed number of queries) and cached per scope and year."""

    def build() -> dict[str, Any]:
        period = Period.year(year)
        years = list(range(year - TREND_YEARS + 1, year + 1))
        groups = member_structure_keys()
        catalogue_keys = [k for k in reg.catalogue() if reg.available(k)]
        extra = ["members.frontline_rate", "members.college_rate"]
        wanted = {*KEY_FIGURES, *extra, *admission_keys(), *catalogue_keys}
        for keys in groups.values():
            wanted.update(keys)
        requests = [(k, period) for k in wanted if reg.available(k)]
        requests += [(k, Period.year(y)) for k in TREND_KEYS for y in years if reg.available(k)]
        values = compute_values(org, requests)
        this = {k: v for (k, p), v in values.items() if p == period}
        figures = [figure(k, values, period).as_dict() for k in KEY_FIGURES]
        charts = {
            "sex": _chart("chart-sex", _("性别"), "pie", groups["sex"], this),
            "age": _chart("chart-age", _("年龄"), "bar", groups["age"], this),
            "education": _chart("chart-education", _("学历"), "bar", groups["education"], this),
            "occupation": _chart(
                "chart-occupation", _("工作岗位"), "hbar", groups["occupation"], this
            ),
            "kind": _chart(
                "chart-kind",
                _("按组织类别"),
                "hbar",
                [k for k in groups["kind"] if this.get(k)],
                this,
            ),
            "sector": _chart(
                "chart-sector",
                _("按所属领域"),
                "pie",
                [k for k in groups["sector"] if this.get(k)],
                this,
            ),
        }
        trend = {
            "id": "chart-trend",
            "title": _("党员数量变化"),
            "type": "trend",
            "categories": [f"{y}年" for y in years],
            "series": [
                {
                    "name": reg.label(k),
                    "key": k,
                    "data": [json_number(values.get((k, Period.year(y)))) for y in years],
                    "line": k == "members.total",
                }
                for k in TREND_KEYS
            ],
        }
        sections: dict[str, list[dict[str, Any]]] = {}
        for key, entry in reg.catalogue().items():
            sections.setdefault(entry.section, []).append(figure(key, values, period).as_dict())
        return {
            "year": year,
            "years": years,
            "figures": figures,
            "female": figure("members.female_rate", values, period).as_dict(),
            "frontline": figure("members.frontline_rate", values, period).as_dict(),
            "college": figure("members.college_rate", values, period).as_dict(),
            "charts": charts,
            "trend": trend,
            "admission": [figure(k, values, period).as_dict() for k in admission_keys()],
            "catalogue": [
                {
                    "section": section,
                    "label": section_label(section),
                    "items": items,
                    "available": sum(1 for i in items if i["available"]),
                }
                for section, items in sections.items()
            ],
            "unavailable": len(reg.unavailable_keys()),
        }

    language = translation.get_language() or ""
    return cached("dashboard", (org.pk, org.path, year, language), build)


# --- drill-down ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillRow:
    org: Organization
    value: Value
    text: str


def drilldown(
    *, actor: Any, org: Organization, key: str, period: Period
) -> tuple[Figure, list[DrillRow]]:
    """``key`` for ``org`` and for each child in the actor's scope. Aggregate and derived
    indicators take one GROUP BY query for all children; plain ones one call per child."""
    children = list(stats_children(actor=actor, org=org, period=period))
    values = compute_values(org, [(key, period)])
    by_child = compute_children(key, org, period, children) if children else {}
    unit = reg.unit(key)
    rows = [
        DrillRow(c, by_child.get(c.path), display(by_child.get(c.path), unit)) for c in children
    ]
    return figure(key, values, period), rows
