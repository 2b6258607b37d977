from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

_STEP = _("{actor} 为「{object}」办理了“{step}”（{on}）")
for verb in (
    "file_activist",
    "file_candidate",
    "file_approval",
    "committee_review",
    "fill_form",
    "oath",
    "apply_full",
    "political_review",
):
    register(f"admission.case.{verb}", _STEP)

register("admission.case.apply", _("{actor} 登记了「{object}」的入党申请（{on}，{org}）"))
register("admission.case.talk", _("{actor} 登记了与「{object}」的谈话（{on}，谈话人：{talker}）"))
register(
    "admission.case.recommend",
    _("{actor} 登记了「{object}」的推选优秀分子结果：{recommended}（{on}）"),
)
register(
    "admission.case.make_activist",
    _("{actor} 将「{object}」确定为入党积极分子（{on}，{source}）"),
)
register(
    "admission.case.assign_mentors", _("{actor} 为「{object}」指定培养联系人：{names}（{on}）")
)
register("admission.case.assess", _("{actor} 登记了「{object}」的考察情况（{on}，{phase}）"))
register("admission.case.record_opinion", _("{actor} 登记了{source}对「{object}」的意见（{on}）"))
register(
    "admission.case.review_branch", _("{actor} 登记了「{object}」的党支部审查：{result}（{on}）")
)
register(
    "admission.case.review_committee",
    _("{actor} 登记了「{object}」的基层党委审查：{result}（{on}）"),
)
register(
    "admission.case.review_county",
    _("{actor} 登记了「{object}」的县委组织部审查：{result}（{on}）"),
)
register("admission.case.make_candidate", _("{actor} 将「{object}」确定为发展对象（{on}）"))
register(
    "admission.case.assign_sponsors", _("{actor} 为「{object}」确定入党介绍人：{names}（{on}）")
)
register(
    "admission.case.training",
    _("{actor} 登记了「{object}」的集中培训（{days}天、{hours}学时，{on}结业）"),
)
register("admission.case.pre_review", _("{actor} 完成了「{object}」的上级党委预审（{on}）"))
register("admission.case.branch_meeting", _("{actor} 登记了讨论接收「{object}」的支部大会（{on}）"))
register(
    "admission.case.committee_talk",
    _("{actor} 登记了上级党委与「{object}」的谈话（{on}，{talker}）"),
)
register(
    "admission.case.extend_approval",
    _("{actor} 将「{object}」的审批期限延长至{until}（{reason}）"),
)
register("admission.case.approve", _("{actor} 审批「{object}」：{result}（{on}）"))
register("admission.case.place", _("{actor} 将「{object}」编入党支部和党小组（{group}，{on}）"))
register("admission.case.full_meeting", _("{actor} 登记了讨论「{object}」转正的支部大会（{on}）"))
register("admission.case.decide_full", _("{actor} 审批「{object}」的转正：{result}（{on}）"))
register("admission.case.archive", _("{actor} 将「{object}」的发展党员材料归档（{on}）"))
register("admission.case.close", _("{actor} 终止了「{object}」的发展（{reason}）"))
register("admission.case.document_upload", _("{actor} 为「{object}」上传了{kind}：{filename}"))
register(
    "admission.discipline.record",
    _("{actor} 登记了{name}受留党察看处分（{started_on}，{months}个月）"),
)
register("admission.discipline.restore", _("{actor} 登记{name}于{restored_on}恢复党员权利"))
