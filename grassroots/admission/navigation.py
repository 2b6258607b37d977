from django.utils.translation import gettext_lazy as _

from grassroots.core.navigation import NavItem, register

register(
    NavItem(
        key="admission",
        label=_("发展党员"),
        url_name="admission:home",
        permission="admission.view",
        icon="bi-person-plus",
        order=35,
    )
)
register(
    NavItem(
        key="admission_queue",
        label=_("发展党员审批"),
        url_name="admission:queue",
        permission="admission.queue",
        icon="bi-inboxes",
        order=36,
    )
)
