"""Routes. Antenna pages live under /a/<antenna_slug>/, territory pages under /t/<territory_slug>/
(mobilex/tenancy.py guards both); each app contributes its patterns from its urls.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from antennas import urls as antennas_urls
from antennas import views as antennas_views
from beneficiaries import urls as beneficiaries_urls
from billing import urls as billing_urls
from indicators import urls as indicators_urls
from mobilex.health import healthz
from notifications import urls as notifications_urls
from services import urls as services_urls

APPS = (
    antennas_urls,
    beneficiaries_urls,
    services_urls,
    indicators_urls,
    billing_urls,
    notifications_urls,
)


def _collect(name):
    return [pattern for module in APPS for pattern in getattr(module, name, [])]


admin.site.site_header = "Mobilex – administration"
admin.site.site_title = "Mobilex"

urlpatterns = [
    path("", antennas_views.home, name="home"),
    path("healthz/", healthz, name="healthz"),
    path("compte/", antennas_views.account, name="account"),
    path("invitation/<str:token>/", antennas_views.invitation_accept, name="invitation_accept"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin logs in through allauth: rate limited, asking for the TOTP code.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="admin_login",
    ),
    path("admin/", admin.site.urls),
    path("", include(notifications_urls.urlpatterns)),
    path("a/<slug:antenna_slug>/", include(_collect("antenna_patterns"))),
    path("t/<slug:territory_slug>/", include(_collect("territory_patterns"))),
    path("api/a/<slug:antenna_slug>/", include(_collect("api_antenna_patterns"))),
    path("api/t/<slug:territory_slug>/", include(_collect("api_territory_patterns"))),
    path("api/data-inclusion/", include(services_urls.public_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
