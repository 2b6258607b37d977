"""The member list export (党员名册), masked by the same rules as the screen: ID
numbers, mobile numbers and home addresses in full only for the members in organizations
where the exporting user may reveal ID numbers (``members.reveal_id``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from grassroots.core import crypto, scoping
from grassroots.core.exports import Column, Exporter, register
from grassroots.core.validators import mask_mobile

from .forms import member_filter_form
from .rules import mask_address
from .selectors import MemberFilter, member_list


def _cn_date(day: Any) -> str:
    return f"{day:%Y-%m-%d}" if day else ""


@register
class MemberListExporter(Exporter):
    key = "members.list"
    title = _("党员名册")
    permission = "members.export"
    personal_data = True
    columns = [
        Column("name", _("姓名")),
        Column("sex", _("性别")),
        Column("ethnicity", _("民族")),
        Column("birth_date", _("出生日期")),
        Column("id_number", _("公民身份号码"), personal=True),
        Column("native_place", _("籍贯"), default=False),
        Column("education", _("学历")),
        Column("degree", _("学位"), default=False),
        Column("occupation", _("工作岗位")),
        Column("is_frontline", _("生产、工作一线"), default=False),
        Column("mobile", _("手机号"), personal=True),
        Column("address", _("家庭住址"), personal=True, default=False),
        Column("organization", _("所在党支部")),
        Column("branch_post", _("支部职务"), default=False),
        Column("joined_on", _("入党日期")),
        Column("full_member_on", _("转正日期")),
        Column("status", _("党籍状态")),
        Column("managing_organization", _("流入地管理党组织"), default=False),
        Column("mobile_destination", _("外出流向"), default=False),
    ]

    def _filter(self) -> MemberFilter:
        query = QueryDict(mutable=True)
        for key, value in (self.params.get("filters") or {}).items():
            query.setlist(key, value if isinstance(value, list) else [value])
        return member_filter_form(self.actor, query).to_filter()

    def queryset(self) -> Any:
        return member_list(actor=self.actor, filters=self._filter())

    def count(self) -> int | None:
        return self.queryset().count()

    def organization(self) -> Any:
        return self._filter().org

    def rows(self, columns: Sequence[str]) -> Iterable[Sequence[Any]]:
        reveal_paths = scoping.scope_paths(self.actor, "members.reveal_id")
        yes, no = str(_("是")), str(_("否"))
        for m in self.queryset().iterator(chunk_size=2000):
            revealed = any(m.organization.path.startswith(p) for p in reveal_paths)
            values = {
                "name": m.name,
                "sex": m.get_sex_display(),
                "ethnicity": m.ethnicity,
                "birth_date": _cn_date(m.birth_date),
                "native_place": m.native_place,
                "education": m.get_education_display() if m.education else "",
                "degree": m.get_degree_display() if m.degree else "",
                "occupation": m.get_occupation_display() if m.occupation else "",
                "is_frontline": yes if m.is_frontline else no,
                "organization": m.organization.name,
                "branch_post": m.get_branch_post_display() if m.branch_post else "",
                "joined_on": _cn_date(m.joined_on),
                "full_member_on": _cn_date(m.full_member_on),
                "status": m.get_status_display(),
                "managing_organization": m.managing_organization.name
                if m.managing_organization_id
                else "",
                "mobile_destination": m.mobile_destination,
            }
            if "id_number" in columns:
                values["id_number"] = (
                    crypto.decrypt(m.id_number_encrypted) if revealed else m.id_number_masked
                )
            if "mobile" in columns:
                values["mobile"] = m.mobile if revealed else mask_mobile(m.mobile)
            if "address" in columns:
                values["address"] = m.address if revealed else mask_address(m.address)
            yield [str(values[c]) for c in columns]
