from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

# Casting a ballot writes no entry (it would give the ballot a time and an IP address);
# the entry on closing says how many were cast.
register(
    "ballots.ballot.created", _("{actor} 创建了无记名投票「{object}」（{questions}个表决事项）")
)
register("ballots.roll.mass_added", _("{actor} 登记群众代表{name}（{village}，{chosen_how}）"))
register(
    "ballots.roll.frozen",
    _("{actor} 确定了「{object}」的投票名单：有表决权党员{members}名，群众代表{masses}名"),
)
register(
    "ballots.attendance.recorded",
    _("{actor} 登记到会：党员{members_present}名，群众代表{masses_present}名"),
)
register(
    "ballots.written_opinion.recorded", _("{actor} 登记了{name}的书面意见（{received_on}收到）")
)
register("ballots.codes.issued", _("{actor} 生成了{count}个一次性投票码"))
register("ballots.ballot.opened", _("{actor} 宣布「{object}」开始投票"))
register(
    "ballots.ballot.closed",
    _(
        "{actor} 宣布「{object}」投票结束（手机投票：党员{online_members}张，群众代表{online_masses}张）"
    ),
)
register("ballots.tally.entered", _("{actor} 录入{kind_label}纸质票统计（收回{collected}张）"))
register("ballots.tally.signed_teller", _("{actor} 作为计票人在{kind_label}纸质票统计上签字"))
register("ballots.tally.signed_scrutineer", _("{actor} 作为监票人在{kind_label}纸质票统计上签字"))
register("ballots.ballot.published", _("{actor} 公布了「{object}」的表决结果"))
