"""API: vision, objectives and indicators."""

from django.urls import path

from lap.api.routers import Router
from lap.api.vision import views

router = Router()
router.register("vision/versions", views.VisionVersionViewSet, basename="vision-version")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("measurements", views.MeasurementViewSet, basename="measurement")

urlpatterns = [
    path("vision/", views.CurrentVisionView.as_view(), name="vision"),
    *router.urls,
]
