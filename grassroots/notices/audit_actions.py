from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register(
    "notices.notice.published",
    _("{actor} 发布了公示「{object}」（{starts_on} 至 {ends_on}，{working_days}个工作日）"),
)
register("notices.notice.withdrawn", _("{actor} 撤回了公示「{object}」（{reason}）"))
register("notices.objection.submitted", _("群众对公示「{notice}」提出了意见（编号 {reference}）"))
register(
    "notices.objection.answered", _("{actor} 答复了对公示「{notice}」的意见（编号 {reference}）")
)
register("calendar.year.created", _("{actor} 录入了{year}年法定节假日安排"))
register("calendar.year.updated", _("{actor} 修改了{year}年法定节假日安排"))
register("calendar.year.seeded", _("系统从 chinese-calendar 补入了{years}年的法定节假日安排"))
