"""The 5 stages and 25 steps of the national rules (发展党员工作细则), as data."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Who records a step: the branch (支部), the basic-level committee (基层党委) or the
# county organization department (县委组织部).
BRANCH = "branch"
COMMITTEE = "committee"
COUNTY = "county"


@dataclass(frozen=True)
class Step:
    number: int
    stage: int
    label: str | Promise
    by: str


STAGES: dict[int, str | Promise] = {
    1: _("申请入党"),
    2: _("入党积极分子的确定和培养教育"),
    3: _("发展对象的确定和考察"),
    4: _("预备党员的接收"),
    5: _("预备党员的教育、考察和转正"),
}
STAGE_SHORT: dict[int, str | Promise] = {
    1: _("申请人"),
    2: _("积极分子"),
    3: _("发展对象"),
    4: _("接收预备党员"),
    5: _("预备期"),
}

STEPS: dict[int, Step] = {
    s.number: s
    for s in (
        Step(1, 1, _("递交入党申请书"), BRANCH),
        Step(2, 1, _("党组织派人谈话"), BRANCH),
        Step(3, 2, _("推荐和确定入党积极分子"), BRANCH),
        Step(4, 2, _("上级党委备案"), COMMITTEE),
        Step(5, 2, _("指定培养联系人"), BRANCH),
        Step(6, 2, _("培养教育考察"), BRANCH),
        Step(7, 3, _("确定发展对象"), BRANCH),
        Step(8, 3, _("报上级党委备案"), COMMITTEE),
        Step(9, 3, _("确定入党介绍人"), BRANCH),
        Step(10, 3, _("进行政治审查"), BRANCH),
        Step(11, 3, _("开展集中培训"), BRANCH),
        Step(12, 4, _("支部委员会审查"), BRANCH),
        Step(13, 4, _("上级党委预审"), COMMITTEE),
        Step(14, 4, _("填写入党志愿书"), BRANCH),
        Step(15, 4, _("支部大会讨论"), BRANCH),
        Step(16, 4, _("上级党委派人谈话"), COMMITTEE),
        Step(17, 4, _("上级党委审批"), COMMITTEE),
        Step(18, 4, _("再上一级党委组织部门备案"), COUNTY),
        Step(19, 5, _("编入党支部和党小组"), BRANCH),
        Step(20, 5, _("入党宣誓"), BRANCH),
        Step(21, 5, _("继续教育考察"), BRANCH),
        Step(22, 5, _("提出转正申请"), BRANCH),
        Step(23, 5, _("支部大会讨论转正"), BRANCH),
        Step(24, 5, _("上级党委审批转正"), COMMITTEE),
        Step(25, 5, _("材料归档"), BRANCH),
    )
}


def stage_of(step: int) -> int:
    return STEPS[step].stage if step in STEPS else 1


def steps_of(stage: int) -> list[Step]:
    return [s for s in STEPS.values() if s.stage == stage]
