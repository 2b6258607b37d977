from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from grassroots.portal.sections import PublicSection, register

from . import selectors

SECTION_LIMIT = 5


def render_commitments(request: HttpRequest) -> str:
    years = selectors.public_years()
    if not years:
        return ""
    letters = list(selectors.public_letters(year=years[0]))
    return render_to_string(
        "commitments/_public_section.html",
        {
            "year": years[0],
            "letters": letters[:SECTION_LIMIT],
            "more": len(letters) - SECTION_LIMIT,
            "totals": selectors.overview(letters),
        },
        request=request,
    )


register(
    PublicSection(
        key="commitments", title=_("党组织书记抓党建公开承诺"), render=render_commitments, order=20
    )
)
