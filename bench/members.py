"""Member registry benchmarks.

* ``members_import``: importing a generated file of ``ctx.rows`` members (validated,
  written in one transaction, rolled back between runs so every run does the same
  work) against reading the same file with openpyxl alone (read-only mode). The file
  carries its sheet dimension (``<dimension ref="A1:R100001"/>``) as Excel writes it.
* ``members_list``: the member list page at ``ctx.rows`` members through the full
  Django stack with a logged-in county user, against a bare view on the same stack that
  runs the page's single main query (same filter, same plan, same LIMIT: checked to be
  the same SQL) and renders 50 rows as text. The page's other query, the count, is
  timed on its own too (``count_ms``). On PostgreSQL the database is first vacuumed and
  analysed, as autovacuum soon does after a bulk load.
  Targets: ratio ≤ 1.5, fewer than 10 queries, and the issue's 150 ms budget.

Data are generated from ``ctx.seed``: a county with 20 townships and 1,000 branches,
and the import file; the list benchmark uses the members the import created.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from bench import Context, Result, benchmark, count_queries, database_label, interleave, peak_rss_mb

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯健俊帆帅旭宁龙林欢阳佳丹波云莉峰海燕雪飞琳晶"
EDUCATION = ["初中及以下", "高中", "中专", "大学专科", "大学本科", "研究生"]
OCCUPATION = [
    "工人",
    "农牧渔民",
    "专业技术人员",
    "企事业单位管理人员",
    "党政机关工作人员",
    "离退休人员",
    "其他职业人员",
]
TOWNSHIPS = 20
BRANCHES_PER_TOWNSHIP = 50
_state: dict[str, Any] = {}


def build_tree(seed: int) -> Any:
    """A county of 20 townships with 50 branches each (1,000 branches)."""
    from grassroots.orgs.bulk import TreeBuilder
    from grassroots.orgs.models import Organization, OrgKind, Sector

    existing = Organization.objects.filter(code="BENCH").first()
    if existing is not None:
        return existing
    tb = TreeBuilder()
    root = tb.add(None, name="基准测试县委", code="BENCH", kind=OrgKind.COUNTY_COMMITTEE)
    for t in range(1, TOWNSHIPS + 1):
        town = tb.add(
            root, name=f"基准{t}镇党委", code=f"BENCH{t:02d}", kind=OrgKind.TOWNSHIP_COMMITTEE
        )
        for b in range(1, BRANCHES_PER_TOWNSHIP + 1):
            tb.add(
                town,
                name=f"基准{t}镇{b}村党支部",
                code=f"BENCH{t:02d}{b:03d}",
                kind=OrgKind.BRANCH,
                sector=Sector.VILLAGE,
            )
    tb.save()
    return Organization.objects.get(code="BENCH")


def generate_import_file(path: Path, rows: int, seed: int) -> Path:
    """A valid import file (the platform's template headers) of ``rows`` members."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from stdnum.cn import ric

    from grassroots.members.importing import COLUMNS

    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员信息")
    ws.append([c.header for c in COLUMNS])
    used: set[str] = set()
    for _i in range(rows):
        female = rng.random() < 0.3
        birth = dt.date(rng.randint(1940, 1994), rng.randint(1, 12), rng.randint(1, 28))
        while True:
            body = f"421224{birth:%Y%m%d}{rng.randint(0, 499) * 2 + (0 if female else 1):03d}"
            number = body + ric.calc_check_digit(body + "0")
            if number not in used:
                used.add(number)
                break
        joined = dt.date(birth.year + rng.randint(19, 45), rng.randint(1, 12), rng.randint(1, 28))
        joined = min(joined, dt.date(2012, 12, 1))
        if joined < dt.date(birth.year + 18, birth.month, birth.day):
            joined = dt.date(birth.year + 19, birth.month, birth.day)
        full = dt.date(joined.year + 1, joined.month, joined.day)
        branch = f"BENCH{rng.randint(1, TOWNSHIPS):02d}{rng.randint(1, BRANCHES_PER_TOWNSHIP):03d}"
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        values = {
            "name": name,
            "sex": "女" if female else "男",
            "ethnicity": "汉族",
            "birth_date": birth.isoformat(),
            "id_number": number,
            "native_place": "湖北通山",
            "education": rng.choice(EDUCATION),
            "degree": "",
            "occupation": rng.choice(OCCUPATION),
            "is_frontline": rng.choice(["是", "否"]),
            "mobile": f"139{rng.randint(0, 99999999):08d}",
            "address": "通山县通羊镇",
            "organization": branch,
            "party_group": "",
            "branch_post": "",
            "joined_on": joined.isoformat(),
            "full_member_on": full.isoformat(),
            "status": "正式党员",
        }
        ws.append([values[c.field] for c in COLUMNS])
    wb.save(path)
    _write_dimension(path, f"A1:{get_column_letter(len(COLUMNS))}{rows + 1}")
    return path


def _write_dimension(path: Path, ref: str) -> None:
    """Give the data sheet the ``<dimension ref="A1:R100001"/>`` that Excel writes (and
    readers use to size the sheet); openpyxl's write-only mode leaves it out."""
    import re
    import zipfile

    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info.filename)) for info in zin.infolist()]
    tmp = path.with_suffix(".tmp.xlsx")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info.filename == sheet:
                xml = re.sub(rb"<dimension [^>]*/>", b"", data)
                tag = f'<dimension ref="{ref}"/>'.encode()
                for anchor in (b"<sheetViews", b"<sheetFormatPr", b"<cols", b"<sheetData"):
                    at = xml.find(anchor)
                    if at >= 0:
                        xml = xml[:at] + tag + xml[at:]
                        break
                data = xml
            zout.writestr(info, data)
    tmp.replace(path)


def _prepare(ctx: Context) -> dict[str, Any]:
    key = f"{ctx.rows}-{ctx.seed}"
    if _state.get("key") != key:
        root = build_tree(ctx.seed)
        path = generate_import_file(
            ctx.workdir / f"members-{ctx.rows}-{ctx.seed}.xlsx", ctx.rows, ctx.seed
        )
        _state.clear()
        _state.update(key=key, root=root, path=path, imported=False)
    return _state


def _read_with_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for _row in wb.worksheets[0].iter_rows(values_only=True):
        n += 1
    wb.close()
    return n


@benchmark("members_import")
def members_import(ctx: Context) -> Result:
    from django.db import transaction

    from grassroots.members.importing import import_members

    state = _prepare(ctx)
    root, path = state["root"], state["path"]
    outcome: dict[str, Any] = {}

    def platform() -> None:
        with transaction.atomic():
            result = import_members(actor=None, organization=root, source=str(path), dry_run=False)
            outcome["result"] = result
            transaction.set_rollback(True)

    def floor() -> None:
        _read_with_openpyxl(path)

    repeats = max(1, min(ctx.repeats, 3))
    platform_ms, floor_ms, ratio = interleave(platform, floor, repeats=repeats, warmup=0)
    result = outcome["result"]
    if not result.ok:
        raise RuntimeError(f"generated import file has errors: {result.errors[:3]}")
    rows_per_s = round(ctx.rows / (platform_ms / 1000))
    return Result(
        name="members_import",
        operation="member Excel import (validated, all-or-nothing) vs openpyxl read-only read",
        scale=ctx.scale,
        database=database_label(),
        platform_ms=round(platform_ms, 1),
        floor_ms=round(floor_ms, 1),
        ratio=round(ratio, 2),
        peak_mb=round(peak_rss_mb(), 1),
        target="rows_per_s>=2000",
        extra={
            "rows_per_s": rows_per_s,
            "rows": ctx.rows,
            "floor_rows_per_s": round(ctx.rows / (floor_ms / 1000)),
        },
    )


def _settle(conn: Any) -> None:
    """On PostgreSQL, what autovacuum does soon after a bulk load (statistics, the
    visibility map), so the page is measured on a database in its steady state."""
    if conn.vendor == "postgresql" and not conn.in_atomic_block:  # VACUUM needs autocommit
        with conn.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _last_sql(client: Any, url: str) -> str:
    """The SQL of the last query ``url`` runs (a list's main query comes last)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return str(captured.captured_queries[-1]["sql"])


def _median_ms(fn: Any, repeats: int) -> float:
    import statistics
    import time

    times = []
    for _ in range(max(3, repeats)):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _county_client(root: Any) -> Any:
    from django.test import Client

    from grassroots.accounts.models import RoleAssignment, User
    from grassroots.core.roles import Role
    from grassroots.core.testing.world import verify_second_factor

    user = User.objects.filter(username="bench_county").first()
    if user is None:
        user = User.objects.create(username="bench_county", full_name="基准测试")
        RoleAssignment.objects.create(user=user, role=Role.COUNTY, organization=root)
    client = Client()
    client.force_login(user, backend="grassroots.accounts.backends.UsernameOrMobileBackend")
    verify_second_factor(client, user)
    return client


@benchmark("members_list")
def members_list(ctx: Context) -> Result:
    from django.db import connection
    from django.test import override_settings

    from bench.urls import FLOOR_PLAN
    from grassroots.accounts.models import User
    from grassroots.members.importing import import_members
    from grassroots.members.models import Member
    from grassroots.members.selectors import DEFAULT_SORT, member_tally, walk_order_index

    state = _prepare(ctx)
    root = state["root"]
    if not state["imported"]:
        result = import_members(
            actor=None, organization=root, source=str(state["path"]), dry_run=False
        )
        if not result.ok:
            raise RuntimeError("generated import file has errors")
        state["imported"] = True
        _settle(connection)
    members = Member.objects.filter(organization__path__subtree=root.path).count()
    client = _county_client(root)
    user = User.objects.get(username="bench_county")
    tally = member_tally(actor=user)
    FLOOR_PLAN["walk_order"] = walk_order_index(tally, DEFAULT_SORT, end=50)
    with override_settings(ROOT_URLCONF="bench.urls"):
        page, bare = "/members/", "/bench/floor/members/"
        if _last_sql(client, page) != _last_sql(client, bare):
            raise RuntimeError("the floor does not run the page's main query")

        def platform() -> None:
            response = client.get(page)
            assert response.status_code == 200, response.status_code

        def floor() -> None:
            response = client.get(bare)
            assert response.status_code == 200, response.status_code

        platform_ms, floor_ms, ratio = interleave(platform, floor, repeats=ctx.repeats, warmup=2)
        queries = count_queries(platform)
        floor_queries = count_queries(floor)
    count_ms = _median_ms(lambda: member_tally(actor=user), repeats=ctx.repeats)
    return Result(
        name="members_list",
        operation="member list page (logged-in county user) vs bare view, same main query, 50 rows",
        scale=ctx.scale,
        database=database_label(),
        platform_ms=round(platform_ms, 1),
        floor_ms=round(floor_ms, 1),
        ratio=round(ratio, 2),
        queries=queries,
        # The ratio is the comparable figure (bench.md); the issue also sets the page an
        # absolute budget of 150 ms, checked on the same run (noisy on a shared machine).
        target="ratio<=1.5,queries<10,platform_ms<150",
        extra={
            "members": members,
            "floor_queries": floor_queries,
            "walks_order_index": FLOOR_PLAN["walk_order"],
            "count_ms": round(count_ms, 1),
        },
    )
