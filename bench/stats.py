"""Statistics benchmarks (shared spec bench.md: a dashboard or report section).

* ``stats_section``: the dashboard's member-structure section (total, sex, five age bands,
  six education levels, eight occupations, front line: 23 aggregates at the year's end)
  computed by the engine, uncached, against the same aggregates as one hand-written SQL
  statement run on the connection. Target ratio ≤ 1.3.
* ``stats_section_cached``: the same section through the statistics cache (a hit), against
  the same hand-written SQL. Target ratio ≤ 0.1.

Data: ``ctx.rows`` members generated from ``ctx.seed`` and bulk-inserted into a county of
20 townships with 50 branches each.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bench import Context, Result, benchmark, count_queries, database_label, interleave, peak_rss_mb

TOWNSHIPS = 20
BRANCHES = 50
_state: dict[str, Any] = {}


def _prepare(ctx: Context) -> dict[str, Any]:
    if _state:
        return _state
    from grassroots.members.models import Education, Member, Occupation
    from grassroots.orgs.bulk import TreeBuilder
    from grassroots.orgs.models import Organization, OrgKind, Sector

    tb = TreeBuilder()
    root = tb.add(None, name="统计基准县委", code="BSTAT", kind=OrgKind.COUNTY_COMMITTEE)
    for t in range(1, TOWNSHIPS + 1):
        town = tb.add(
            root, name=f"统计{t}镇", code=f"BSTAT{t:02d}", kind=OrgKind.TOWNSHIP_COMMITTEE
        )
        for b in range(1, BRANCHES + 1):
            tb.add(
                town,
                name=f"统计{t}镇{b}村",
                code=f"BSTAT{t:02d}{b:03d}",
                kind=OrgKind.BRANCH,
                sector=Sector.VILLAGE,
            )
    tb.save()
    root = Organization.objects.get(code="BSTAT")
    branches = list(
        Organization.objects.filter(path__subtree=root.path, kind=OrgKind.BRANCH).values_list(
            "pk", flat=True
        )
    )
    rng = random.Random(ctx.seed)
    educations, occupations = Education.values, Occupation.values
    batch: list[Member] = []
    for i in range(ctx.rows):
        batch.append(
            Member(
                organization_id=rng.choice(branches),
                name=f"党员{i}",
                sex="female" if rng.random() < 0.28 else "male",
                birth_date=dt.date(rng.randint(1935, 1994), rng.randint(1, 12), rng.randint(1, 28)),
                education=rng.choice(educations),
                occupation=rng.choice(occupations),
                is_frontline=rng.random() < 0.6,
                joined_on=dt.date(rng.randint(1960, 2014), rng.randint(1, 12), 1),
                status="full",
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    _state["root"] = root
    return _state


def _section_keys() -> list[str]:
    from grassroots.stats.selectors import member_structure_keys

    groups = member_structure_keys()
    return [
        "members.total",
        *groups["sex"],
        *groups["age"],
        *groups["education"],
        *groups["occupation"],
        "members.frontline",
    ]


def _floor_sql(root: Any, day: dt.date) -> tuple[str, list[Any]]:
    """The same 23 counts, hand-written: one pass over the subtree's members."""
    from grassroots.members.models import Education, Occupation
    from grassroots.stats.indicators import AGE_BANDS, years_before

    active = (
        "(m.joined_on <= %s OR m.joined_on IS NULL) "
        "AND (m.status IN ('probationary', 'full') OR m.status_changed_on > %s)"
    )
    parts: list[str] = []
    params: list[Any] = []

    def count(cond: str, *args: Any) -> None:
        parts.append(f"COUNT(*) FILTER (WHERE {active}{' AND ' + cond if cond else ''})")
        params.extend([day, day, *args])

    count("")
    count("m.sex = %s", "male")
    count("m.sex = %s", "female")
    for _slug, _zh, _en, low, high in AGE_BANDS:
        conds, args = [], []
        if low is not None:
            conds.append("m.birth_date <= %s")
            args.append(years_before(day, low))
        if high is not None:
            conds.append("m.birth_date > %s")
            args.append(years_before(day, high + 1))
        count(" AND ".join(conds), *args)
    for value in Education.values:
        count("m.education = %s", value)
    for value in Occupation.values:
        count("m.occupation = %s", value)
    count("m.is_frontline")
    sql = (
        f"SELECT {', '.join(parts)} FROM members_member m "
        "JOIN orgs_organization o ON o.id = m.organization_id "
        "WHERE o.path >= %s AND o.path < %s"
    )
    return sql, [*params, root.path, root.path + "~"]


@benchmark("stats_section")
def stats_section(ctx: Context) -> list[Result]:
    from django.core.cache import cache
    from django.db import connection

    from grassroots.stats.cache import cached
    from grassroots.stats.engine import compute_values
    from grassroots.stats.registry import Period

    root = _prepare(ctx)["root"]
    period = Period.year(2014)
    requests = [(k, period) for k in _section_keys()]
    sql, params = _floor_sql(root, period.end)

    def uncached() -> dict[Any, Any]:
        return compute_values(root, requests)

    def with_cache() -> dict[Any, Any]:
        return cached("bench-section", (root.pk, period.slug), uncached)

    def floor() -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()  # type: ignore[no-any-return]

    engine_values = uncached()
    row = floor()
    expected = [engine_values[r] for r in requests]
    if list(row) != expected:
        raise RuntimeError(f"floor SQL disagrees with the engine: {list(row)} != {expected}")
    platform_ms, floor_ms, ratio = interleave(uncached, floor, repeats=ctx.repeats, warmup=1)
    queries = count_queries(uncached)
    cache.clear()
    with_cache()
    cached_ms, floor2_ms, cached_ratio = interleave(with_cache, floor, repeats=ctx.repeats)
    cached_queries = count_queries(with_cache)
    common = {"scale": ctx.scale, "database": database_label(), "peak_mb": round(peak_rss_mb())}
    return [
        Result(
            name="stats_section",
            operation="dashboard member-structure section (23 aggregates), uncached, vs the same hand-written SQL",
            platform_ms=round(platform_ms, 2),
            floor_ms=round(floor_ms, 2),
            ratio=round(ratio, 3),
            queries=queries,
            target="ratio<=1.3",
            extra={"members": ctx.rows, "aggregates": len(requests)},
            **common,
        ),
        Result(
            name="stats_section_cached",
            operation="the same section from the statistics cache, vs the same hand-written SQL",
            platform_ms=round(cached_ms, 3),
            floor_ms=round(floor2_ms, 2),
            ratio=round(cached_ratio, 4),
            queries=cached_queries,
            target="ratio<=0.1",
            extra={"members": ctx.rows},
            **common,
        ),
    ]
