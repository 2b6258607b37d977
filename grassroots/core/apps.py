from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "grassroots.core"
    label = "core"
    verbose_name = _("平台核心")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each app registers its audit sentences and indicators in its own module.
        autodiscover_modules("audit_actions")
