"""Tongshan County (通山县, 421224) as the 2014 article describes it: the organization tree."""

from __future__ import annotations

import datetime as dt

from grassroots.demo.registry import DemoContext, step

from .bulk import TreeBuilder
from .models import AdminDivision, DivisionLevel, Organization, OrgKind, Sector

COUNTY_CODE = "421224"

# (name, division code, villages). 187 villages in all, as in the article.
TOWNSHIPS = [
    ("通羊镇", "421224100", 22),
    ("南林桥镇", "421224101", 17),
    ("黄沙铺镇", "421224102", 16),
    ("厦铺镇", "421224103", 18),
    ("九宫山镇", "421224104", 10),
    ("闯王镇", "421224105", 16),
    ("洪港镇", "421224106", 15),
    ("大畈镇", "421224107", 19),
    ("杨芳林乡", "421224200", 13),
    ("燕厦乡", "421224201", 13),
    ("大路乡", "421224202", 16),
    ("慈口乡", "421224203", 12),
]

# Communities: 通羊镇's urban communities, and the community building the article
# names in 大畈镇, 燕厦乡 and 慈口乡.
COMMUNITIES = {
    "通羊镇": [
        "新城社区",
        "城东社区",
        "城西社区",
        "城南社区",
        "城北社区",
        "月亮湾社区",
        "凤池社区",
    ],
    "大畈镇": ["大畈社区"],
    "燕厦乡": ["燕厦社区"],
    "慈口乡": ["慈口社区"],
}

VILLAGE_FIRST = "大小上下东西南北石黄杨朱高龙凤金新中茶桃竹畈湄港宝"
VILLAGE_SECOND = [
    "港",
    "畈",
    "桥",
    "湾",
    "坪",
    "山",
    "口",
    "源",
    "岭",
    "冲",
    "垅",
    "林",
    "塘",
    "田",
    "溪",
    "铺",
    "坳",
    "洞",
    "河",
    "泉",
    "岗",
    "庄",
    "洲",
    "垴",
]

ORGANS = [
    "县委办公室",
    "县人大常委会办公室",
    "县政府办公室",
    "县政协办公室",
    "县纪委监察局",
    "县委组织部",
    "县委宣传部",
    "县委统战部",
    "县委政法委",
    "县委政研室",
    "县委党校",
    "县委农办",
    "县编办",
    "县直机关工委",
    "县老干部局",
    "县发改局",
    "县经信局",
    "县教育局",
    "县科技局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人社局",
    "县国土资源局",
    "县环保局",
    "县住建局",
    "县交通运输局",
    "县水利局",
    "县农业局",
    "县林业局",
    "县畜牧局",
    "县商务局",
    "县文体新广局",
    "县卫计局",
    "县审计局",
    "县统计局",
    "县安监局",
    "县食药监局",
    "县工商局",
    "县质监局",
    "县物价局",
    "县旅游局",
    "县城管局",
    "县房管局",
    "县粮食局",
    "县扶贫办",
    "县移民局",
    "县招商局",
    "县信访局",
    "县法院",
    "县检察院",
    "县总工会",
    "团县委",
    "县妇联",
    "县科协",
    "县残联",
    "县工商联",
    "县档案局",
    "县供销社",
    "县地税局",
    "县国税局",
    "县气象局",
    "县烟草局",
    "县邮政局",
    "县供电公司",
    "县人武部",
    "县公路局",
    "县规划局",
    "县政务服务中心",
    "县行政执法局",
    "县公共资源交易中心",
]
INSTITUTIONS = [
    "县人民医院",
    "县中医医院",
    "县妇幼保健院",
    "县疾控中心",
    "县第一中学",
    "县第二中学",
    "县实验中学",
    "县职业教育中心",
    "县实验小学",
    "县第二小学",
    "县城关中学",
    "九宫山风景区管理局",
    "县广播电视台",
    "县图书馆",
    "县文化馆",
    "县博物馆",
    "县农技推广中心",
    "县水产局",
    "县农机局",
    "县社保中心",
    "县医保中心",
    "县就业局",
    "县公积金中心",
    "县不动产登记中心",
    "县城投公司",
    "县自来水公司",
    "县公交公司",
    "县殡仪馆",
    "县园林局",
    "县环卫处",
    "县救助站",
    "县福利院",
    "县敬老院",
    "县血站",
    "县精神病医院",
    "县皮肤病防治所",
    "县卫生监督所",
    "县动物疫控中心",
    "县林科所",
    "县茶叶局",
    "县特产局",
    "县经管局",
]
ENTERPRISES = [
    "湖北富池石材有限公司",
    "通山县九宫山茶业有限公司",
    "通山县隆鼎置业有限公司",
    "湖北三环车桥通山分厂",
    "通山县宏达纺织有限公司",
    "通山县楠竹加工厂",
    "通山县鸿盛建材有限公司",
    "通山县富源矿业有限公司",
    "通山县金牛生态农业公司",
    "通山县九宫山旅游开发公司",
    "通山县华鑫电子有限公司",
    "通山县新达机械有限公司",
    "通山县山鑫食品有限公司",
    "通山县正华木业有限公司",
    "通山县永安物流有限公司",
    "通山县汇丰药业有限公司",
    "通山县绿源农业科技公司",
    "通山县顺达汽车运输公司",
    "通山县天成商贸有限公司",
    "通山县宏泰石材有限公司",
]
# 6 remote chambers of commerce (异地商会) with 20 branches between them.
CHAMBERS = [
    ("广州通山商会", 4, "广东省广州市"),
    ("深圳通山商会", 4, "广东省深圳市"),
    ("东莞通山商会", 3, "广东省东莞市"),
    ("北京通山商会", 3, "北京市"),
    ("上海通山商会", 3, "上海市"),
    ("武汉通山商会", 3, "湖北省武汉市"),
]


def village_names(rng: object, count: int, used: set[str]) -> list[str]:
    import random

    assert isinstance(rng, random.Random)
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"
        if name not in used:
            used.add(name)
            names.append(name)
    return names


@step("orgs.tongshan_tree", order=10)
def seed_tree(ctx: DemoContext) -> None:
    rng = ctx.rng
    county_div = AdminDivision.objects.create(
        code=COUNTY_CODE, name="通山县", level=DivisionLevel.COUNTY
    )
    tb = TreeBuilder()
    founded = dt.date(1949, 5, 1)
    root = tb.add(
        None,
        name="中共通山县委",
        short_name="县委",
        code=COUNTY_CODE,
        kind=OrgKind.COUNTY_COMMITTEE,
        founded_on=founded,
        division=county_div,
    )
    used: set[str] = set()
    divisions: list[AdminDivision] = []
    pending: list[tuple[Organization, str, str]] = []  # (org, division code, level)
    for tname, tcode, villages in TOWNSHIPS:
        tdiv = AdminDivision(
            code=tcode, name=tname, level=DivisionLevel.TOWNSHIP, parent=county_div
        )
        divisions.append(tdiv)
        township = tb.add(
            root,
            name=f"中共{tname}委员会",
            short_name=f"{tname}党委",
            code=tcode,
            kind=OrgKind.TOWNSHIP_COMMITTEE,
            sector=Sector.GENERAL,
            founded_on=dt.date(1956, 1, 1),
        )
        pending.append((township, tcode, DivisionLevel.TOWNSHIP))
        for i, cname in enumerate(COMMUNITIES.get(tname, []), start=1):
            ccode = f"{tcode}{i:03d}"
            if cname == "新城社区":
                community = tb.add(
                    township,
                    name=f"{tname}{cname}党委",
                    short_name=cname + "党委",
                    code=ccode,
                    kind=OrgKind.PARTY_COMMITTEE,
                    sector=Sector.COMMUNITY,
                    founded_on=dt.date(2008, 7, 1),
                )
                tb.add(
                    community,
                    name=f"{cname}机关党支部",
                    short_name=cname + "党支部",
                    code=ccode + "01",
                    kind=OrgKind.BRANCH,
                    sector=Sector.COMMUNITY,
                    founded_on=dt.date(2008, 7, 1),
                )
                lond = tb.add(
                    community,
                    name="隆鼎丽都小区党支部",
                    short_name="隆鼎丽都小区",
                    code=ccode + "02",
                    kind=OrgKind.BRANCH,
                    sector=Sector.COMMUNITY,
                    founded_on=dt.date(2011, 6, 1),
                    address="通山县通羊镇新城社区隆鼎丽都小区",
                )
                for b in range(1, 9):
                    tb.add(
                        lond,
                        name=f"隆鼎丽都{b}栋党小组",
                        code=f"{ccode}02{b:02d}",
                        kind=OrgKind.PARTY_GROUP,
                        sector=Sector.COMMUNITY,
                    )
            else:
                community = tb.add(
                    township,
                    name=f"{tname}{cname}党支部",
                    short_name=cname,
                    code=ccode,
                    kind=OrgKind.BRANCH,
                    sector=Sector.COMMUNITY,
                    founded_on=dt.date(2005, 7, 1),
                )
            pending.append((community, ccode, DivisionLevel.COMMUNITY))
        for i, vname in enumerate(village_names(rng, villages, used), start=1):
            vcode = f"{tcode}{200 + i:03d}"
            village = tb.add(
                township,
                name=f"{tname}{vname}党支部",
                short_name=vname,
                code=vcode,
                kind=OrgKind.BRANCH,
                sector=Sector.VILLAGE,
                founded_on=dt.date(rng.randint(1950, 1985), rng.randint(1, 12), 1),
            )
            pending.append((village, vcode, DivisionLevel.VILLAGE))
    organs = tb.add(
        root,
        name="中共通山县直属机关工作委员会",
        short_name="县直机关工委",
        code="421224900",
        kind=OrgKind.WORKING_COMMITTEE,
        sector=Sector.ORGAN,
        founded_on=dt.date(1984, 7, 1),
    )
    for i, uname in enumerate(ORGANS, start=1):
        tb.add(
            organs,
            name=f"{uname}党支部",
            short_name=uname,
            code=f"421224900{i:03d}",
            kind=OrgKind.BRANCH,
            sector=Sector.ORGAN,
            founded_on=dt.date(1985, 1, 1),
        )
    for i, uname in enumerate(INSTITUTIONS, start=1):
        tb.add(
            organs,
            name=f"{uname}党支部",
            short_name=uname,
            code=f"421224901{i:03d}",
            kind=OrgKind.BRANCH,
            sector=Sector.INSTITUTION,
            founded_on=dt.date(1990, 1, 1),
        )
    private = tb.add(
        root,
        name="中共通山县非公有制经济组织委员会",
        short_name="县非公经济组织党委",
        code="421224910",
        kind=OrgKind.PARTY_COMMITTEE,
        sector=Sector.PRIVATE_ENTERPRISE,
        founded_on=dt.date(2009, 6, 1),
    )
    for i, ename in enumerate(ENTERPRISES, start=1):
        tb.add(
            private,
            name=f"{ename}党支部",
            short_name=ename,
            code=f"421224910{i:03d}",
            kind=OrgKind.BRANCH,
            sector=Sector.PRIVATE_ENTERPRISE,
            founded_on=dt.date(rng.randint(2005, 2013), 7, 1),
        )
    for i, (chamber, branches, place) in enumerate(CHAMBERS, start=1):
        general = tb.add(
            private,
            name=f"{chamber}党总支",
            short_name=chamber,
            code=f"421224911{i:03d}",
            kind=OrgKind.GENERAL_BRANCH,
            sector=Sector.REMOTE_CHAMBER,
            founded_on=dt.date(2010, 7, 1),
            address=place,
        )
        for j in range(1, branches + 1):
            tb.add(
                general,
                name=f"{chamber}第{'一二三四五'[j - 1]}党支部",
                short_name=f"{chamber}{j}支",
                code=f"421224911{i:03d}{j:02d}",
                kind=OrgKind.BRANCH,
                sector=Sector.REMOTE_CHAMBER,
                founded_on=dt.date(2010, 7, 1),
                address=place,
            )
    AdminDivision.objects.bulk_create(divisions)
    tdivs = {d.code: d for d in AdminDivision.objects.filter(level=DivisionLevel.TOWNSHIP)}
    lower = [
        AdminDivision(
            code=code, name=org.short_name or org.name, level=level, parent=tdivs[code[:9]]
        )
        for org, code, level in pending
        if level != DivisionLevel.TOWNSHIP
    ]
    AdminDivision.objects.bulk_create(lower)
    all_divs = {d.code: d for d in AdminDivision.objects.all()}
    for org, code, _level in pending:
        org.division = all_divs[code]
    tb.save()
