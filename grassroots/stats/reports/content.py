"""The annual report's content, written from indicator values, independent of format.

The structure follows the seed article: an opening, then 一、履行管党责任
二、夯实基层基础 三、推进十件实事 四、特色亮点, each sentence built from clauses that
name their indicators. A clause whose indicator is unavailable (its module does not
exist yet) says so ("……（该项统计暂无数据）") instead of printing a number.
Word, PDF, Excel and JSON are renderings of the :class:`Report` built here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from grassroots.orgs.models import Organization, OrgKind

from .. import registry as reg
from ..engine import compute_children, compute_values
from ..formatting import display, number_text, prose
from ..registry import Period, Value
from ..selectors import TREND_YEARS, member_structure_keys, period_values

MISSING = "（该项统计暂无数据）"


# --- blocks --------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int  # 1: 一、 2: （一） 3: 1.
    text: str
    number: str = ""

    @property
    def full(self) -> str:
        return f"{self.number}{self.text}"


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    """Cells are text, or numbers in their column's unit (``units``; "" for a text
    column), so Excel gets numeric cells and Word/PDF name the unit in the header."""

    caption: str
    columns: list[str]
    rows: list[list[Any]]
    units: list[str] = field(default_factory=list)
    right: tuple[int, ...] = ()  # text columns right-aligned as numbers

    def unit(self, i: int) -> str:
        return self.units[i] if i < len(self.units) else ""

    @property
    def numeric(self) -> list[bool]:  # right-align these columns
        return [bool(self.unit(i)) or i in self.right for i in range(len(self.columns))]

    @property
    def headers(self) -> list[str]:
        return [
            f"{c}（{self.unit(i)}）" if self.unit(i) else str(c) for i, c in enumerate(self.columns)
        ]

    @property
    def text_rows(self) -> list[list[str]]:
        return [
            [number_text(v, self.unit(i)) if self.unit(i) else str(v) for i, v in enumerate(row)]
            for row in self.rows
        ]


@dataclass
class Chart:
    caption: str
    png: bytes = b""
    kind: str = "bar"
    categories: list[str] = field(default_factory=list)
    series: list[tuple[str, list[float]]] = field(default_factory=list)
    line_series: list[tuple[str, list[float]]] = field(default_factory=list)


Block = Heading | Paragraph | Table | Chart


@dataclass
class Part:
    """One of the article's numbered sections; its keys make one Excel sheet."""

    title: str
    sheet: str
    keys: list[str] = field(default_factory=list)


@dataclass
class Report:
    org: Organization
    year: int
    title_lines: list[str]
    signature: str
    date: dt.date
    blocks: list[Block]
    values: dict[str, Value]
    parts: list[Part]

    @property
    def title(self) -> str:
        return "".join(self.title_lines)

    @property
    def unavailable(self) -> list[str]:
        return reg.unavailable_keys()

    @property
    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


# --- clauses -------------------------------------------------------------------------------


@dataclass
class Clause:
    """``template`` with one ``{}`` per key, filled with the values in prose form."""

    template: str
    keys: tuple[str, ...]
    style: str = "多"

    def render(self, values: dict[str, Value]) -> str:
        missing = [k for k in self.keys if not reg.available(k)]
        if missing:
            return "、".join(reg.label(k) for k in missing) + MISSING
        texts = []
        for key in self.keys:
            entry = reg.catalogue().get(key)
            approximate = bool(entry and entry.match == "at_least")
            texts.append(
                prose(values.get(key), reg.unit(key), approximate=approximate, style=self.style)
            )
        return self.template.format(*texts)


def C(template: str, *keys: str, style: str = "多") -> Clause:
    return Clause(template, keys, style)


Piece = Clause | str | Callable[[dict[str, Value]], str]


def sentence(values: dict[str, Value], *pieces: Piece, sep: str = "，") -> str:
    texts = []
    for piece in pieces:
        if isinstance(piece, Clause):
            texts.append(piece.render(values))
        elif callable(piece):
            texts.append(piece(values))
        else:
            texts.append(piece)
    return sep.join(t for t in texts if t) + "。"


def keys_of(*pieces: Piece) -> list[str]:
    return [k for p in pieces if isinstance(p, Clause) for k in p.keys]


# --- wording by scope ----------------------------------------------------------------------


def _place(org: Organization) -> tuple[str, str]:
    """(the whole area: 全县/全镇/全乡/本单位, the leading committee: 县委/镇党委/…)."""
    if org.kind == OrgKind.COUNTY_COMMITTEE:
        return _("全县"), _("县委")
    short = org.short_name or org.name
    if org.kind == OrgKind.TOWNSHIP_COMMITTEE:
        if "乡" in short and "镇" not in short:
            return _("全乡"), _("乡党委")
        return _("全镇"), _("镇党委")
    return _("本单位"), short


def _commitments(values: dict[str, Value]) -> str:
    key_items, key_done = "commitments.items", "commitments.fulfilled"
    if not (reg.available(key_items) and reg.available(key_done)):
        return C("已落实{}", key_done).render(values)
    items, done = values.get(key_items), values.get(key_done)
    if items and done == items:
        return _("已全部落实")
    return _("已落实%(n)s") % {"n": prose(done, reg.unit(key_done))}


# --- the report ----------------------------------------------------------------------------


def build_report(
    org: Organization,
    year: int,
    *,
    progress: Callable[[str], None] | None = None,
    children: Sequence[Organization] | None = None,
    render_charts: bool = True,
    date: dt.date | None = None,
) -> Report:
    """The report of ``org``'s subtree for ``year``. ``children`` lists the organizations
    shown in the table of subordinate organizations (default: all of ``org``'s children).
    ``date`` is the date of issue under the signature (default: 31 December of ``year``,
    the day the figures are "as at", whatever day the report is generated)."""
    from .charts import render_chart

    say = progress or (lambda message: None)
    period = Period.year(year)
    say(_("正在计算统计指标"))
    values = dict(period_values(org, period))
    area, committee = _place(org)
    is_county = org.kind == OrgKind.COUNTY_COMMITTEE
    blocks: list[Block] = []
    parts: list[Part] = []

    def heading(level: int, text: str) -> None:
        blocks.append(Heading(level, text))

    def para(*pieces: Piece, sep: str = "，") -> None:
        blocks.append(Paragraph(sentence(values, *pieces, sep=sep)))
        if parts:
            parts[-1].keys.extend(k for k in keys_of(*pieces) if k not in parts[-1].keys)

    # Opening: the size and structure of the organization and membership.
    blocks.append(
        Paragraph(
            _(
                "%(year)s年，%(org)s各级党组织认真贯彻落实党要管党、从严治党总要求，"
                "狠抓党的作风建设，认真抓好基层党建，不断夯实基层党建工作基础。"
            )
            % {"year": year, "org": org.name}
        )
    )
    para(
        C(
            _("截至%(year)s年底，%(area)s共有基层党组织{}") % {"year": year, "area": area},
            "orgs.basic",
        ),
        C(_("其中党支部{}"), "orgs.branches"),
        C(_("党员{}"), "members.total"),
        C(_("其中女党员{}、占{}"), "members.female", "members.female_rate"),
        C(_("35岁及以下党员{}、占{}"), "members.age.35_below", "members.under35_rate"),
        C(_("大专及以上学历党员{}、占{}"), "members.college", "members.college_rate"),
        C(_("全年新发展党员{}"), "members.new"),
    )

    # 一、
    parts.append(Part(_("以从严治党为核心，认真履行管党责任"), _("履行管党责任")))
    heading(1, parts[-1].title)
    heading(2, _("落实管党责任。"))
    lead = (
        _("县委先后建立县级领导干部党建工作联系点{}")
        if is_county
        else _("范围内有县级领导干部党建工作联系点{}")
    )
    para(
        C(lead if is_county else committee + lead, "liaison.county_leader_points"),
        C(_("带动各级领导干部建立联系点{}"), "liaison.other_level_points"),
        C(_("为各联系点解决困难{}"), "liaison.problems_solved"),
        C(_("帮扶资金{}"), "liaison.aid_funds_yuan"),
        C(_("调处矛盾纠纷{}"), "liaison.disputes_mediated"),
    )
    heading(2, _("把好方向，谋划党建工作思路。"))
    para(
        C(
            _("全年共{}召开县委常委会专题研究基层党建工作"),
            "leadership.standing_committee_sessions",
        ),
        C(_("整合落实各项基层党建经费{}"), "funds.party_building_integrated_yuan"),
        C(_("组织召开各领域座谈会{}"), "leadership.symposiums"),
    )
    heading(2, _("承诺践诺，推进工作落实。"))
    para(
        C(_("%(area)s共承诺党建工作事项{}") % {"area": area}, "commitments.items"),
        _commitments,
    )
    parts[-1].keys.append("commitments.fulfilled")

    # 二、
    parts.append(Part(_("实施四轮驱动，夯实基层基础"), _("夯实基层基础")))
    heading(1, parts[-1].title)
    heading(2, _("坚持“五抓五治”，整顿转化软弱涣散党组织。"))
    para(
        C(_("对软弱涣散村{}进行集中整顿"), "rectification.weak_villages"),
        C(
            _("调整村“两委”班子成员{}和村党支部书记{}"),
            "rectification.committee_members_adjusted",
            "rectification.secretaries_adjusted",
        ),
        C(_("培养村级后备干部{}"), "rectification.reserve_cadres_trained"),
    )
    para(
        C(_("挂点领导召开协调会{}"), "rectification.coordination_meetings"),
        C(_("帮助调解处理各类矛盾{}"), "rectification.disputes_resolved"),
        C(_("解决历史遗留问题{}"), "rectification.legacy_issues_resolved"),
        C(_("解决热点难点问题{}"), "rectification.hot_issues_resolved"),
        C(_("为农民群众办好事实事{}"), "rectification.good_deeds"),
        C(_("申报村级集体经济发展项目{}"), "rectification.collective_projects"),
        C(_("开展实用技术培训{}"), "rectification.skills_trainings"),
        C(_("落实帮扶资金{}"), "rectification.aid_funds_yuan"),
        C(_("落实帮扶物资{}"), "rectification.aid_goods_yuan"),
        C(_("健全完善党组织工作制度和民主管理制度{}"), "rectification.rules_established"),
    )
    heading(2, _("坚持“四个三”，确保村“两委”换届顺利完成。"))
    para(
        C(
            _("根据村情选情将{}村分为{}，实行一村一策"),
            "elections.villages",
            "elections.village_categories",
        ),
        C(_("成立巡回督查组{}"), "elections.inspection_teams"),
        C(_("县乡两级选派村“两委”换届指导组{}"), "elections.guidance_teams"),
        C(_("出动宣传车{}"), "elections.publicity_vehicle_trips"),
        C(_("组织文艺演出{}"), "elections.performances"),
    )
    para(C(_("村支书、主任“一肩挑”比例达{}"), "elections.dual_role_rate", style="以上"))
    heading(2, _("推行发展党员“1443”工作法，严把发展党员质量关。"))
    para(
        C(_("%(year)s年发展党员中女性达{}") % {"year": year}, "admission.new_members_female_rate"),
        C(_("35岁以下达{}"), "admission.new_members_under35_rate"),
        C(_("生产、工作一线达{}"), "admission.new_members_frontline_rate"),
    )
    heading(2, _("党员队伍结构。"))
    structure = member_structure_keys()
    total = float(values.get("members.total") or 0)
    rows: list[list[Any]] = []
    for group, group_label in (("sex", _("性别")), ("age", _("年龄")), ("education", _("学历"))):
        for key in structure[group]:
            count = values.get(key)
            share = round(100 * float(count) / total, 1) if total and count is not None else None
            rows.append([str(group_label), _short(key), count, share])
    blocks.append(
        Table(
            _("表1  %(year)s年底党员队伍结构") % {"year": year},
            [_("类别"), _("项目"), _("人数"), _("占比")],
            rows,
            units=["", "", reg.unit("members.total"), "%"],
        )
    )
    parts[-1].keys.extend(k for g in ("sex", "age", "education") for k in structure[g])
    years = list(range(year - TREND_YEARS + 1, year + 1))
    trend_keys = ["members.total", "members.new", "members.left"]
    trend_values = compute_values(org, [(k, Period.year(y)) for k in trend_keys for y in years])
    blocks.append(
        Table(
            _("表2  近三年党员数量变化"),
            [
                _("年度"),
                reg.label("members.total"),
                reg.label("members.new"),
                reg.label("members.left"),
            ],
            [
                [f"{y}年"] + [trend_values.get((k, Period.year(y))) for k in trend_keys]
                for y in years
            ],
            units=["", *(reg.unit(k) for k in trend_keys)],
        )
    )
    charts = [
        Chart(
            _("图1  党员年龄结构"),
            kind="bar",
            categories=[_short(k) for k in structure["age"]],
            series=[(_("人数"), [float(values.get(k) or 0) for k in structure["age"]])],
        ),
        Chart(
            _("图2  党员学历结构"),
            kind="hbar",
            categories=[_short(k) for k in structure["education"]],
            series=[(_("人数"), [float(values.get(k) or 0) for k in structure["education"]])],
        ),
        Chart(
            _("图3  近三年党员数量变化"),
            kind="trend",
            categories=[f"{y}年" for y in years],
            series=[
                (reg.label(k), [float(trend_values.get((k, Period.year(y))) or 0) for y in years])
                for k in ("members.new", "members.left")
            ],
            line_series=[
                (
                    reg.label("members.total"),
                    [
                        float(trend_values.get(("members.total", Period.year(y))) or 0)
                        for y in years
                    ],
                )
            ],
        ),
    ]
    sectors = [k for k in structure["sector"] if values.get(k)]
    if sectors:
        charts.append(
            Chart(
                _("图4  基层党组织领域分布"),
                kind="hbar",
                categories=[_short(k) for k in sectors],
                series=[(_("个数"), [float(values.get(k) or 0) for k in sectors])],
            )
        )
    blocks.extend(charts)

    # 三、
    parts.append(Part(_("狠抓落实，推进基层党建“十件实事”"), _("推进十件实事")))
    heading(1, parts[-1].title)
    heading(2, _("加大投入。"))
    para(
        C(_("直接用于基层党建“十件实事”的经费{}"), "funds.ten_tasks_yuan", style="超过"),
        C(_("各村运转经费达到{}"), "funds.village_operating_min_yuan", style="以上"),
    )
    para(
        C(_("投入{}专门用于提高村干部待遇报酬"), "funds.cadre_pay_raise_yuan"),
        C(_("为每村增加{}"), "funds.cadre_pay_raise_per_village_yuan"),
        C(_("村干部待遇比上年提高{}"), "funds.cadre_pay_growth_rate"),
        C(_("整合县级部门资金{}"), "funds.service_center_upgrade_yuan"),
        C(_("启动了{}村的党员群众服务中心提档升级工程"), "funds.service_centers_upgraded"),
        C(_("为三个乡镇社区建设争取资金{}"), "funds.community_building_yuan"),
        C(_("建立党员帮扶资金{}"), "funds.member_assistance_fund_yuan"),
    )
    heading(2, _("整体联动，形成合力。"))
    para(
        C(
            _("{}单位的{}党员与{}贫困家庭结成帮扶对子"),
            "assistance.pairing_units",
            "assistance.pairing_members",
            "assistance.paired_households",
        ),
        C(_("投入帮扶资金{}"), "assistance.funds_yuan", style="余"),
        C(_("帮助解决生产生活困难{}"), "assistance.difficulties_solved"),
    )
    para(
        C(_("向软弱涣散村选派村党支部“第一书记”{}"), "assistance.first_secretaries"),
        C(_("向非公有制企业选派党建指导员{}"), "assistance.enterprise_instructors"),
        C(_("在职党员共认领服务岗位{}"), "community.service_posts_claimed"),
        C(_("开展为民服务活动{}"), "community.service_person_times"),
    )
    heading(2, _("整合资源，实现共赢。"))
    para(
        C(_("为{}重点村配备公益性岗位人员"), "assistance.welfare_post_villages"),
        C(_("选定{}村作为发展壮大村级集体经济的重点村"), "funds.collective_economy_key_villages"),
        C(_("帮助制定项目规划{}"), "funds.collective_economy_plans"),
        C(_("整合投入项目资金{}"), "funds.collective_economy_yuan"),
    )

    # 四、
    parts.append(Part(_("特色鲜明，亮点纷呈"), _("特色亮点")))
    heading(1, parts[-1].title)
    heading(2, _("“双联双管”优服务。"))
    para(
        C(_("在流动党员集中地成立异地商会党总支{}"), "mobile.remote_general_branches"),
        C(_("建立支部{}"), "mobile.remote_branches"),
        C(_("管理流动党员{}"), "mobile.members_managed"),
    )
    heading(2, _("打造“通山百步亭”。"))
    para(
        C(_("设立党员示范岗{}"), "community.model_posts"),
        C(
            _("小区党员为居民提供社会保险、就业培训、低保优抚、法律援助等服务{}"),
            "community.resident_services",
        ),
        C(_("开展清除垃圾、扫雪除冰、义务植树、疏通水沟等活动{}"), "community.public_activities"),
    )
    heading(2, _("“五轮齐转”促培训。"))
    para(C(_("要求机关党员每年学习时间不低于{}"), "training.organ_min_hours"))

    # Keys of the catalogue not used in any sentence still belong to a part (by section).
    used = {k for p in parts for k in p.keys}
    section_part = {
        "liaison": 0, "leadership": 0, "commitments": 0,
        "rectification": 1, "elections": 1, "admission": 1,
        "funds": 2, "assistance": 2, "community": 2,
        "mobile": 3, "training": 3,
    }  # fmt: skip
    for key, entry in reg.catalogue().items():
        if key not in used:
            parts[section_part.get(entry.section, 3)].keys.append(key)

    # Subordinate organizations: a table (one GROUP BY query per indicator).
    say(_("正在汇总下级组织"))
    kids = (
        list(children)
        if children is not None
        else list(
            Organization.objects.filter(path__subtree=org.path, depth=org.depth + 1).order_by(
                "path"
            )
        )
    )
    child_keys = ["members.total", "members.new", "orgs.branches", "members.female_rate"]
    child_columns = [_("组织"), *(reg.label(k) for k in child_keys)]
    child_rows: list[list[Any]] = []
    if kids:
        by_key = {k: compute_children(k, org, period, kids) for k in child_keys}
        child_rows = [[c.name, *(by_key[k].get(c.path) for k in child_keys)] for c in kids]
        blocks.append(
            Table(
                _("表3  下级党组织主要指标"),
                child_columns,
                child_rows,
                units=["", *(reg.unit(k) for k in child_keys)],
            )
        )

    if render_charts:
        for n, chart in enumerate(charts, start=1):
            say(_("正在绘制图表（%(n)s/%(total)s）") % {"n": n, "total": len(charts)})
            chart.png = render_chart(chart)

    return Report(
        org=org,
        year=year,
        title_lines=[org.name, _("%(year)s年抓基层党建工作情况报告") % {"year": year}],
        signature=org.name,
        date=date or report_date(year),
        blocks=_number_headings(blocks),
        values=values,
        parts=parts,
    )


def report_date(year: int) -> dt.date:
    """The default date of issue of the report for ``year``: 31 December of that year."""
    return dt.date(year, 12, 31)


CN_NUMBERS = "一二三四五六七八九十"


def _number_headings(blocks: list[Block]) -> list[Block]:
    counters = [0, 0, 0]
    for block in blocks:
        if isinstance(block, Heading):
            counters[block.level - 1] += 1
            for lower in range(block.level, 3):
                counters[lower] = 0
            n = counters[block.level - 1]
            if block.level == 1:
                block.number = f"{CN_NUMBERS[n - 1]}、"
            elif block.level == 2:
                block.number = f"（{CN_NUMBERS[n - 1]}）"
            else:
                block.number = f"{n}."
    return blocks


def _short(key: str) -> str:
    from ..selectors import _short_label

    return _short_label(key)


def appendix_table(report: Report) -> Table:
    """The attachment (附件) of the Word and PDF reports, after the date of issue as
    GB/T 9704 places it, its caption the attachment's title: every catalogue indicator, its number
    and the unit it is written in (万元 for large sums), "暂无数据" when unavailable."""
    from ..formatting import number_parts

    rows = []
    for r in indicator_rows(report, list(reg.catalogue())):
        text, unit = (
            number_parts(r["value"], r["unit"]) if r["available"] else (r["text"], r["unit"])
        )
        rows.append([r["label"], text, unit])
    return Table(
        _("%(year)s年统计指标一览") % {"year": report.year},
        [_("指标"), _("数值"), _("单位")],
        rows,
        right=(1,),
    )


def indicator_rows(report: Report, keys: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of the indicator table (Excel, appendix): key, label, value, unit, article."""
    rows = []
    for key in keys:
        entry = reg.catalogue().get(key)
        available = reg.available(key)
        value = report.values.get(key) if available else None
        rows.append(
            {
                "key": key,
                "label": reg.label(key),
                "value": value,
                "text": display(value, reg.unit(key)) if available else _("暂无数据"),
                "unit": reg.unit(key),
                "article": entry.article if entry else None,
                "match": entry.match if entry else None,
                "available": available,
            }
        )
    return rows
