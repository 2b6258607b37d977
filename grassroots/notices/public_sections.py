from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from grassroots.portal.sections import PublicSection, register

from .selectors import public_notice_list

SECTION_LIMIT = 20


def render_notices(request: HttpRequest) -> str:
    notices = list(public_notice_list()[: SECTION_LIMIT + 1])
    return render_to_string(
        "notices/_public_section.html",
        {"notices": notices[:SECTION_LIMIT], "more": True},
        request=request,
    )


register(PublicSection(key="notices", title=_("正在公示"), render=render_notices, order=10))
