from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("commitments.letter.created", _("{actor} 建立了{year}年度承诺书「{object}」"))
register("commitments.letter.updated", _("{actor} 修改了承诺书「{object}」"))
register(
    "commitments.letter.published",
    _("{actor} 公开了承诺书「{object}」（承诺事项{items}项）并发布公示"),
)
register(
    "commitments.item.added",
    _("{actor} 在「{letter}」中增加了承诺事项「{object}」（权重{weight}）"),
)
register("commitments.item.updated", _("{actor} 修改了承诺事项「{object}」"))
register("commitments.item.removed", _("{actor} 删除了草稿中的承诺事项「{object}」"))
register("commitments.item.progress", _("{actor} 报告了承诺事项「{object}」的进展：{percent}%"))
register("commitments.milestone.added", _("{actor} 为第{number}项增加了进度节点「{object}」"))
register(
    "commitments.milestone.completed", _("{actor} 记录第{number}项节点「{object}」于{date}完成")
)
register(
    "commitments.item.shortfall_explained",
    _("{actor} 公开了承诺事项「{object}」的未完成情况说明"),
)
register("commitments.item.reviewed", _("{actor} 年终评议承诺事项「{object}」：{result}（{body}）"))
