"""/api/v1/: every app's API, the OpenAPI schema and the interactive docs (assets served here)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("stakeholders.api.urls")),
    path("", include("territory.api.urls")),
    path("", include("lap.api.vision.urls")),
    path("", include("lap.api.actions.urls")),
    path("", include("lap.api.rounds.urls")),
    path("", include("lap.api.resources.urls")),
    path("", include("lap.api.implementation.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
