"""API: implementation."""

from django.urls import path

from lap.api.implementation import views
from lap.api.routers import Router

router = Router()
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress-update")

urlpatterns = [
    path("results/summary/", views.ResultsSummaryView.as_view(), name="results-summary"),
    *router.urls,
]
