from django.conf import settings
from django.urls import include, path

from assure.api.urls import api

urlpatterns = [
    path("", include("assure.core.urls")),
    path("", include("assure.authority.urls")),
    path("", include("assure.org.urls")),
    path("actions/", include("assure.actions.urls")),
    path("audits/insight/", include("assure.audits.dashboard_urls")),
    path("audits/", include("assure.audits.urls")),
    path("chairs/", include("assure.reviews.urls")),
    path("insight/", include("assure.insight.urls")),
    path("insight/report/", include("assure.insight.report_urls")),
    path("documents/", include("assure.reports.urls")),
    path("reports/", include("assure.reports.page_urls")),
    path("feedback/", include("assure.feedback.urls")),
    path("programmes/", include("assure.programmes.urls")),
    path("api/v1/", api.urls),
]

if settings.ASSURE_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "assure.core.views.forbidden"
handler404 = "assure.core.views.not_found"
handler500 = "assure.core.views.server_error"
