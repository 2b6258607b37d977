from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("rectification.case.proposed", _("{actor} 提出将「{object}」列为软弱涣散党组织"))
register("rectification.case.approved", _("{actor} 审批认定「{object}」为软弱涣散党组织"))
register("rectification.case.rejected", _("{actor} 不予认定「{object}」为软弱涣散党组织（{note}）"))
register(
    "rectification.case.assigned",
    _("{actor} 为「{object}」明确挂点县领导「{leader}」、第一书记「{first_secretary}」"),
)
register(
    "rectification.action.recorded", _("{actor} 为「{org}」记录了整顿措施「{kind}」：{object}")
)
register("rectification.case.reviewed", _("{actor} 对「{object}」进行了验收：{result}"))
