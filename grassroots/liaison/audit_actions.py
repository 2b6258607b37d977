from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register(
    "liaison.point.created",
    _("{actor} 建立了{level}「{leader}」（{post}）的党建工作联系点「{org}」"),
)
register("liaison.point.ended", _("{actor} 结束了联系点「{object}」（{reason}）"))
register(
    "liaison.visit.logged",
    _(
        "{actor} 记录了{date}到联系点「{org}」的走访（新提出困难问题{problems}件，当场解决{solved}件）"
    ),
)
register("liaison.problem.added", _("{actor} 为联系点「{org}」登记了困难问题「{object}」"))
register("liaison.problem.resolved", _("{actor} 将困难问题「{object}」登记为已解决（{date}）"))
register("liaison.meeting.recorded", _("{actor} 记录了{kind}「{object}」（{date}）"))
register("liaison.fund.recorded", _("{actor} 登记了整合落实的党建经费「{object}」{amount}元"))
