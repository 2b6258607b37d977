from django.utils.translation import gettext_lazy as _

from .audit import register

register("core.job.started", _("{actor} 提交了后台任务「{object}」"))
register("core.personal_data.exported", _("{actor} 导出了含个人信息的数据「{object}」"))
register("core.personal_data.revealed", _("{actor} 查看了「{object}」的完整身份证号"))
register("core.data.exported", _("{actor} 导出了数据「{object}」"))
