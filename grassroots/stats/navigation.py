from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="dashboard",
        label=_("工作台"),
        url_name="stats:dashboard",
        permission="stats.view",
        icon="bi-speedometer2",
        order=10,
    )
)
