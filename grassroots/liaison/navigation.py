from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="liaison",
        label=_("党建联系点"),
        url_name="liaison:point_list",
        permission="liaison.access",
        icon="bi-geo-alt",
        order=50,
    )
)
register(
    NavItem(
        key="leadership",
        label=_("县委抓党建"),
        url_name="liaison:leadership",
        permission="liaison.leadership_view",
        icon="bi-bank",
        order=51,
    )
)
