"""API: resources."""

from django.urls import path

from lap.api.resources import views
from lap.api.routers import Router

router = Router()
router.register("needs", views.NeedViewSet, basename="need")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("deliveries", views.DeliveryViewSet, basename="delivery")
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchange-rate")

urlpatterns = [
    path("funding-gaps/", views.FundingGapView.as_view(), name="funding-gaps"),
    *router.urls,
]
