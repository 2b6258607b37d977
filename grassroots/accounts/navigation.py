from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="audit",
        label=_("审计日志"),
        url_name="core:audit",
        permission="audit.view",
        icon="bi-journal-text",
        order=900,
    )
)
register(
    NavItem(
        key="users",
        label=_("账号与角色"),
        url_name="accounts:users",
        permission="accounts.manage_roles",
        icon="bi-people",
        order=800,
    )
)
