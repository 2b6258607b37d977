"""Tongshan 2014: the county secretary and the 12 township secretaries publish their
《2014年度抓基层党建工作公开承诺书》 (承诺践诺): 61 items in all, made public with a notice
(《通山周刊》、通山政务网), reported on during the year and all reviewed as fulfilled in
December — the township letters by the county committee, the county's by the city's
organization department.

The public version history shows the year as it went: one county item amended after
publication (its means of verification, in May), and one that fell short at its due date
(the village cadres' pay rise, 80% at the end of June) with its public explanatory note,
completed in August before the review — so all 61 are still fulfilled, as the article says."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from grassroots.accounts.models import User
from grassroots.demo.registry import DemoContext, step
from grassroots.liaison.demo import person_name
from grassroots.notices.services import notice_publish
from grassroots.orgs.models import Organization, OrgKind

from .models import (
    NOTICE_PURPOSE,
    CommitmentItem,
    CommitmentLetter,
    Evidence,
    ItemStatus,
    LetterRevision,
    LetterStatus,
    Milestone,
    ProgressUpdate,
    ReviewResult,
    RevisionKind,
)
from .services import notice_body

SEED = 5114
YEAR = 2014
MEDIA = "《通山周刊》、通山政务网"
CITY_BODY = "中共咸宁市委组织部"

# The county item amended after publication: (number, field, new value, date).
AMENDED = (7, "verification", "实地查看、查阅项目验收资料", dt.date(2014, 5, 15))
# The county item that fell short at its due date: (number, percent then, note, completed).
SHORT = (
    6,
    80,
    "截至6月底，尚有部分乡镇配套资金未拨付到位，村干部报酬提高部分未能全部按时发放。"
    "县财政已督促相关乡镇于8月底前补齐，届时公开完成情况。",
    dt.date(2014, 8, 20),
)

# (category, content, responsible, due month, verification, weight)
COUNTY_ITEMS = [
    (
        "organization",
        "建立县级领导干部党建工作联系点，带动各级领导干部建立联系点，帮助解决实际困难",
        "县委书记",
        3,
        "查阅联系点台账、实地查看",
        12,
    ),
    (
        "mechanism",
        "落实县委常委会定期研究党建工作制度，全年专题研究基层党建工作不少于8次",
        "县委书记",
        12,
        "查阅常委会会议纪要",
        10,
    ),
    ("funds", "整合落实各项基层党建经费2000万元以上", "县长", 11, "查阅资金拨付凭证", 12),
    (
        "organization",
        "坚持“五抓五治”，整顿转化21个软弱涣散村党组织",
        "县委组织部长",
        12,
        "验收材料、群众测评",
        12,
    ),
    (
        "team",
        "推行发展党员“1443”工作法，严把发展党员质量关",
        "县委组织部长",
        12,
        "查阅发展党员档案",
        8,
    ),
    ("funds", "每村增加8000元用于提高村干部待遇报酬", "县长", 6, "查阅资金拨付凭证", 8),
    (
        "position",
        "整合县级部门资金，启动48个村党员群众服务中心提档升级",
        "常务副县长",
        11,
        "实地查看",
        10,
    ),
    (
        "team",
        "向21个软弱涣散村选派第一书记，向非公有制企业选派17名党建指导员",
        "县委组织部长",
        4,
        "查阅选派文件",
        8,
    ),
    ("organization", "坚持“四个三”，圆满完成村“两委”换届", "县委副书记", 12, "查阅换届资料", 12),
    (
        "service",
        "开展“万名党员干部结对帮扶万名困难党员群众”活动",
        "县委副书记",
        10,
        "查阅结对台账、走访群众",
        8,
    ),
]
TOWNSHIP_POOL = [
    ("team", "为每个村选拔培养2—3名村级后备干部", "党委组织委员", 9, "查阅后备干部名册"),
    ("funds", "确保各村运转经费达到3.4万元以上", "乡镇长", 6, "查阅财务账目"),
    (
        "mechanism",
        "督促各村党组织落实“三会一课”制度，每季度检查一次",
        "党委副书记",
        12,
        "查阅会议记录",
    ),
    ("mechanism", "在各村开展“双述双评”，上下半年各一次", "党委书记", 12, "查阅述职评议材料"),
    ("position", "完成重点村党员群众服务中心提档升级", "乡镇长", 10, "实地查看"),
    (
        "organization",
        "发展壮大村级集体经济，帮助重点村制定发展项目规划",
        "党委书记",
        11,
        "查阅项目规划、财务报表",
    ),
    ("team", "举办村党支部书记培训班，组织支书论坛", "党委组织委员", 8, "查阅培训资料"),
    ("service", "建立困难党员群众帮扶台账，落实结对帮扶", "党委副书记", 10, "查阅帮扶台账"),
    (
        "organization",
        "加强流动党员管理，定期与外出流动党员保持联系",
        "党委组织委员",
        12,
        "查阅联系记录",
    ),
    ("style", "党委班子成员每人联系1个村，每月驻村不少于4天", "党委书记", 12, "查阅驻村日志"),
]


def _weights(n: int, rng: random.Random) -> list[int]:
    """``n`` weights summing to 100, as even as whole numbers allow."""
    base = [100 // n] * n
    for i in rng.sample(range(n), k=100 - sum(base)):
        base[i] += 1
    return base


def _photo(rng: random.Random) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (rng.randint(150, 230), rng.randint(150, 230), 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 150, 300, 220), fill=(200, 22, 29))
    draw.rectangle((60, 60, 260, 150), fill=(245, 246, 248))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@step("commitments.letters_2014", order=52)
def seed_letters(ctx: DemoContext) -> None:
    rng = random.Random(SEED)
    county_user = User.objects.get(username="county")
    root = Organization.objects.get(code="421224")
    townships = list(
        Organization.objects.filter(
            path__subtree=root.path, kind=OrgKind.TOWNSHIP_COMMITTEE
        ).order_by("code")
    )
    published_on = dt.date(2014, 3, 3)
    letters: list[CommitmentLetter] = []
    plans: list[list[tuple[str, str, str, int, str, int]]] = []
    letters.append(
        CommitmentLetter(
            organization=root,
            year=YEAR,
            secretary_name="杜文清",
            secretary_post="县委书记",
            title="2014年度抓基层党建工作公开承诺书",
            preamble="根据省市委要求，实行党委书记抓基层党建工作公开承诺制度，接受全县广大党员群众的监督。",
            published_in=MEDIA,
        )
    )
    plans.append(COUNTY_ITEMS)
    for i, township in enumerate(townships):
        n = 5 if i < 3 else 4  # 10 + 3×5 + 9×4 = 61 items
        chosen = rng.sample(TOWNSHIP_POOL, k=n)
        weights = _weights(n, rng)
        name = township.short_name.removesuffix("党委")
        plans.append([(*row, w) for row, w in zip(chosen, weights, strict=True)])
        letters.append(
            CommitmentLetter(
                organization=township,
                year=YEAR,
                secretary_name=person_name(rng),
                secretary_post=f"{name}党委书记",
                title="2014年度抓基层党建工作公开承诺书",
                preamble=f"结合{name}实际，就2014年抓基层党建工作作出如下承诺。",
                published_in=MEDIA,
            )
        )
    CommitmentLetter.objects.bulk_create(letters)
    items: list[CommitmentItem] = []
    for letter, plan in zip(letters, plans, strict=True):
        for number, (category, content, who, month, how, weight) in enumerate(plan, start=1):
            items.append(
                CommitmentItem(
                    letter=letter,
                    number=number,
                    category=category,
                    content=content,
                    responsible=who,
                    due_on=dt.date(YEAR, month, 28 if month == 2 else 30 if month != 12 else 31),
                    verification=how,
                    weight=weight,
                )
            )
    CommitmentItem.objects.bulk_create(items)

    # Published with a notice (the contract's service), backdated to March 2014.
    by_letter: dict[int, list[CommitmentItem]] = {}
    for item in items:
        by_letter.setdefault(item.letter_id, []).append(item)
    revisions: list[LetterRevision] = []
    for letter in letters:
        notice_publish(
            actor=county_user,
            organization=letter.organization,
            subject=letter,
            purpose=NOTICE_PURPOSE,
            title=f"{letter.organization.name}{letter.title}",
            body=notice_body(letter, by_letter[letter.pk]),
            starts_on=published_on,
        )
        letter.status = LetterStatus.REVIEWED
        letter.published_at = _at(published_on, 9)
        letter.published_by = county_user
        revisions.append(
            LetterRevision(
                letter=letter,
                kind=RevisionKind.PUBLISHED,
                at=letter.published_at,
                data={"title": letter.title, "items": len(by_letter[letter.pk])},
            )
        )
    CommitmentLetter.objects.bulk_update(letters, ["status", "published_at", "published_by"])

    # The amendment after publication: a public revision with the value before and after.
    county_items = {item.number: item for item in by_letter[letters[0].pk]}
    number, field, value, amended_on = AMENDED
    amended = county_items[number]
    label = str(getattr(CommitmentItem._meta.get_field(field), "verbose_name", field))
    revisions.append(
        LetterRevision(
            letter=letters[0],
            item=amended,
            kind=RevisionKind.AMENDED,
            at=_at(amended_on, 11),
            data={
                "number": number,
                "fields": label,
                "changes": [[label, str(getattr(amended, field)), value]],
            },
        )
    )
    setattr(amended, field, value)
    short_number, short_percent, short_note, short_done = SHORT
    short_item = county_items[short_number]

    # Milestones, two progress reports per item, the year-end review.
    milestones: list[Milestone] = []
    updates: list[ProgressUpdate] = []
    for item in items:
        midway = min(item.due_on - dt.timedelta(days=45), dt.date(2014, 9, 30))
        midway = max(midway, dt.date(2014, 3, 20))
        milestones.append(
            Milestone(
                item=item,
                title="制定实施方案",
                due_on=dt.date(2014, 3, 31),
                done_on=dt.date(2014, 3, rng.randint(18, 31)),
            )
        )
        half = rng.choice([40, 50, 60, 70])
        reviewed_on = dt.date(2014, 12, rng.randint(22, 30))
        finished = max(
            item.due_on - dt.timedelta(days=rng.randint(0, 20)), midway + dt.timedelta(days=5)
        )
        finished = min(finished, reviewed_on - dt.timedelta(days=2))
        reports = [
            (midway, half, "按方案推进，完成阶段性任务。"),
            (finished, 100, "已全部完成，相关材料已归档备查。"),
        ]
        if item is short_item:
            # Short at the due date: a report, the public note two days later, then done.
            noted_on = item.due_on + dt.timedelta(days=2)
            reports = [
                reports[0],
                (item.due_on, short_percent, "大部分村已落实，部分乡镇配套资金尚未到位。"),
                (short_done, 100, "配套资金已全部拨付到位，各村村干部报酬已按标准提高。"),
            ]
            item.shortfall_note, item.shortfall_noted_on = short_note, noted_on
            revisions.append(
                LetterRevision(
                    letter=item.letter,
                    item=item,
                    kind=RevisionKind.SHORTFALL,
                    at=_at(noted_on, 10),
                    data={"number": item.number},
                )
            )
        for day, percent, text in reports:
            updates.append(
                ProgressUpdate(
                    item=item, reported_on=day, percent=percent, text=text, created_by=county_user
                )
            )
        old = 0
        for day, percent, _text in reports:
            revisions.append(
                LetterRevision(
                    letter=item.letter,
                    item=item,
                    kind=RevisionKind.PROGRESS,
                    at=_at(day, 16),
                    data={"number": item.number, "old": old, "new": percent},
                )
            )
            old = percent
        item.percent = 100
        item.status = ItemStatus.COMPLETED
        item.review_result = ReviewResult.FULFILLED
        item.reviewed_on = reviewed_on
        item.reviewed_by = county_user
        item.reviewing_body = CITY_BODY if item.letter.organization_id == root.pk else root.name
        item.review_note = "经年终述职评议和实地核查，承诺事项已落实。"
        revisions.append(
            LetterRevision(
                letter=item.letter,
                item=item,
                kind=RevisionKind.REVIEWED,
                at=_at(item.reviewed_on, 15),
                data={"number": item.number, "body": item.reviewing_body, "result": "已落实"},
            )
        )
    Milestone.objects.bulk_create(milestones)
    ProgressUpdate.objects.bulk_create(updates)
    CommitmentItem.objects.bulk_update(
        items,
        [
            AMENDED[1],
            "shortfall_note",
            "shortfall_noted_on",
            "percent",
            "status",
            "review_result",
            "reviewed_on",
            "reviewed_by",
            "reviewing_body",
            "review_note",
        ],
    )
    LetterRevision.objects.bulk_create(revisions)
    # One photo on each letter's first completed report (in Django storage). The file
    # is named after the organization and written once, so re-seeding adds no copies.
    finals = [u for u in updates if u.percent == 100 and u.item.number == 1]
    evidence_rows = []
    for update in finals:
        code = update.item.letter.organization.code
        name = f"commitments/demo/{code}.png"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(_photo(random.Random(code))))
        evidence_rows.append(
            Evidence(
                update=update,
                file=name,
                original_name="现场照片.png",
                content_type="image/png",
                kind="photo",
                size=default_storage.size(name),
            )
        )
    Evidence.objects.bulk_create(evidence_rows)
