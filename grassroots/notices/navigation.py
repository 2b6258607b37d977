from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="notices",
        label=_("公示"),
        url_name="notices:list",
        permission="notices.view",
        icon="bi-megaphone",
        order=45,
    )
)
register(
    NavItem(
        key="holidays",
        label=_("节假日安排"),
        url_name="notices:holidays",
        permission="calendar.manage",
        icon="bi-calendar3",
        order=95,
    )
)
