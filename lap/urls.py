from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from lap.views import project as views
from stakeholders.forms import LockoutAdminAuthenticationForm

admin.site.login_form = LockoutAdminAuthenticationForm
admin.site.site_header = "LAP Lamas"

urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.switch_language, name="switch-language"),
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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
