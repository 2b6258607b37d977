"""What the public home page shows. Apps with public content register a section:

    register(PublicSection(key="notices", title=_("公示"), render=render_notices, order=10))

``render(request)`` returns HTML for the section (a template fragment), public data only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class PublicSection:
    key: str
    title: str | Promise
    render: Callable[[HttpRequest], str]
    order: int = 100


_sections: dict[str, PublicSection] = {}
_loaded = False


def register(section: PublicSection) -> None:
    _sections[section.key] = section


def render_all(request: HttpRequest) -> list[tuple[PublicSection, SafeString]]:
    global _loaded
    if not _loaded:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("public_sections")
        _loaded = True
    return [
        (s, SafeString(s.render(request)))
        for s in sorted(_sections.values(), key=lambda s: (s.order, s.key))
    ]
