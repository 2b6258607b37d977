from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="orgs",
        label=_("组织体系"),
        url_name="orgs:tree",
        permission="orgs.view",
        icon="bi-diagram-3",
        order=20,
    )
)
