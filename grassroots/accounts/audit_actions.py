from django.utils.translation import gettext_lazy as _

from grassroots.core.audit import register

register("accounts.user.created", _("{actor} 创建了用户「{object}」（{role} · {org}）"))
register("accounts.role.granted", _("{actor} 授予「{user}」{role}角色（{object}）"))
register("accounts.role.revoked", _("{actor} 撤销了「{user}」的{role}角色（{object}）"))
register("accounts.token.created", _("{actor} 创建了 API 令牌「{object}」"))
register("accounts.token.revoked", _("{actor} 撤销了 API 令牌「{object}」"))
register("accounts.otp.enrolled", _("{actor} 启用了动态口令（二次验证）"))
register("accounts.password.changed", _("{actor} 修改了登录密码"))
