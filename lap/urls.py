from django.contrib import admin
from django.urls import include, path

from lap.views import project as views
from stakeholders.forms import LockoutAdminAuthenticationForm

# Refusals answer in the API's JSON shape under /api/ and with the site's page elsewhere.
handler400 = "lap.errors.bad_request"
handler403 = "lap.errors.permission_denied"
handler404 = "lap.errors.page_not_found"
handler500 = "lap.errors.server_error"

admin.site.login_form = LockoutAdminAuthenticationForm
admin.site.site_header = "LAP Lamas"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.switch_language, name="switch-language"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path(
        "audit/<str:app_label>/<str:model_name>/<str:object_id>/",
        views.audit_trail,
        name="audit-trail",
    ),
    path("", include("stakeholders.urls")),
    path("territory/", include("territory.urls")),
    path("", include("lap.web_urls")),
    path("api/v1/", include(("lap.api.urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
]

# Uploads (consent minutes, delivery evidence) are never served as plain media files: each is
# served by a view that checks who may see it.
