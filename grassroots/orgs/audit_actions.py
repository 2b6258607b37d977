from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("orgs.organization.created", _("{actor} 创建了组织「{object}」（上级：{parent}）"))
register("orgs.organization.renamed", _("{actor} 将组织「{old_name}」更名为「{object}」"))
register("orgs.organization.updated", _("{actor} 修改了组织「{object}」的信息"))
register(
    "orgs.organization.moved",
    _("{actor} 将组织「{object}」从「{old_parent}」调整到「{new_parent}」之下"),
)
register("orgs.organization.dissolved", _("{actor} 撤销了组织「{object}」（{reason}）"))
register("orgs.organization.secretary_set", _("{actor} 将「{secretary}」设为「{object}」书记"))
