from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="ballots",
        label=_("无记名投票"),
        url_name="ballots:list",
        permission="ballots.view",
        icon="bi-check2-square",
        order=46,
    )
)
