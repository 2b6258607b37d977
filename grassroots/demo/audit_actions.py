from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("demo.step.loaded", _("载入演示数据：{step}"))
