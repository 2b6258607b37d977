from django.conf import settings
from django.urls import include, path
from django.views.i18n import set_language

from grassroots.api.main import api
from grassroots.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("grassroots.accounts.urls")),
    path("orgs/", include("grassroots.orgs.urls")),
    path("stats/", include("grassroots.stats.urls")),
    path("system/", include("grassroots.core.urls")),
    path("public/", include("grassroots.portal.urls")),
    path("api/v1/", api.urls),
]

# Each domain app that has pages mounts them under its label; the list grows as apps land.
for _app in (
    "members",
    "admission",
    "ballots",
    "notices",
    "commitments",
    "liaison",
    "rectification",
):
    try:
        urlpatterns.append(path(f"{_app}/", include(f"grassroots.{_app}.urls")))
    except ModuleNotFoundError as exc:
        if exc.name != f"grassroots.{_app}.urls":
            raise

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
