from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="rectification",
        label=_("软弱涣散整顿"),
        url_name="rectification:case_list",
        permission="rectification.view",
        icon="bi-tools",
        order=55,
    )
)
