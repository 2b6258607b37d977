from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="commitments",
        label=_("公开承诺"),
        url_name="commitments:letter_list",
        permission="commitments.view",
        icon="bi-megaphone",
        order=45,
    )
)
