"""Territory API, mounted under /api/v1/ (namespace "api")."""

from django.urls import path

from lap.api.routers import Router
from territory.api import views

router = Router()
router.register("districts", views.DistrictViewSet, basename="district")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("conservation-areas", views.ConservationAreaViewSet, basename="conservation-area")
router.register("forest-loss", views.ForestLossViewSet, basename="forest-loss")
router.register("land-use", views.LandUseViewSet, basename="land-use")
router.register("sources", views.SourceViewSet, basename="source")

urlpatterns = [
    path("territory/summary/", views.TerritorySummaryView.as_view(), name="territory-summary"),
    *router.urls,
]
