from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("members.member.created", _("{actor} 登记了党员「{object}」（{org}，{status}）"))
register("members.member.updated", _("{actor} 修改了党员「{object}」的信息"))
register(
    "members.member.status_changed",
    _("{actor} 将「{object}」的党籍状态由“{old}”变更为“{new}”（{reason}）"),
)
register(
    "members.import.completed", _("{actor} 从 Excel 导入党员：新增 {created} 人，更新 {updated} 人")
)
register("members.transfer.sent", _("{actor} 发起「{member}」的组织关系转接（{kind}，转往 {to}）"))
register("members.transfer.out_approved", _("{actor} 作为转出方党委审核同意「{member}」的转接"))
register("members.transfer.in_approved", _("{actor} 作为转入方党委审核同意「{member}」的转接"))
register(
    "members.transfer.received", _("{actor} 接收「{member}」，组织关系由「{from}」转入「{to}」")
)
register(
    "members.transfer.completed_out",
    _("{actor} 审核同意「{member}」转出本县，开具介绍信 {letter}"),
)
register(
    "members.transfer.received_in",
    _("{actor} 接收从「{from}」转入的「{member}」（介绍信 {letter}）"),
)
register("members.transfer.cancelled", _("{actor} 撤回或退回了「{member}」的转接（{reason}）"))
register(
    "members.mobile.set",
    _("{actor} 登记「{object}」为流动党员（{destination}，由「{managing}」管理）"),
)
register("members.mobile.ended", _("{actor} 登记流动党员「{object}」已返回"))
register("members.mobile.contacted", _("{actor} 登记了与流动党员「{object}」的联系（{channel}）"))
register("members.community.registered", _("{actor} 登记「{object}」到「{community}」报到"))
register("members.community.ended", _("{actor} 结束了「{object}」在「{community}」的报到"))
