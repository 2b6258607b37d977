from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="dashboard",
        label=_("统计工作台"),
        url_name="stats:dashboard",
        permission="stats.view",
        icon="bi-speedometer2",
        order=10,
    )
)
register(
    NavItem(
        key="stats_reports",
        label=_("年度报告"),
        url_name="stats:reports",
        permission="stats.view",
        icon="bi-file-earmark-text",
        order=90,
    )
)
