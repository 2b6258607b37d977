from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("accounts.user.created", _("{actor} 创建了用户「{object}」（{role} · {org}）"))
register("accounts.role.granted", _("{actor} 授予「{user}」{role}角色（{object}）"))
register("accounts.role.revoked", _("{actor} 撤销了「{user}」的{role}角色（{object}）"))
register("accounts.token.created", _("{actor} 创建了 API 令牌「{object}」"))
register("accounts.token.revoked", _("{actor} 撤销了 API 令牌「{object}」"))
register("accounts.otp.enrolled", _("{actor} 启用了动态口令（二次验证）"))
register("accounts.otp.backup_renewed", _("{actor} 重新生成了动态口令备用码"))
register("accounts.otp.backup_used", _("{actor} 使用备用码完成了二次验证（剩余{left}个）"))
register("accounts.otp.reset", _("{actor} 重置了「{object}」的动态口令"))
register("accounts.user.deactivated", _("{actor} 停用了「{object}」的账号（{reason}）"))
register("accounts.password.changed", _("{actor} 修改了登录密码"))
register("accounts.login.succeeded", _("{actor} 登录了平台"))
register("accounts.login.failed", _("用户名「{login}」登录失败（密码不正确或账号停用）"))
register("accounts.login.locked_out", _("用户名「{login}」连续登录失败过多，登录被暂时锁定"))
