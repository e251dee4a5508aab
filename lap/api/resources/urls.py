"""API: resources."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from lap.api.resources import views

router = SimpleRouter()
router.register("needs", views.NeedViewSet, basename="need")
router.register("commitments", views.CommitmentViewSet, basename="commitment")
router.register("deliveries", views.DeliveryViewSet, basename="delivery")
router.register("exchange-rates", views.ExchangeRateViewSet, basename="exchange-rate")

urlpatterns = [
    path("funding-gaps/", views.FundingGapView.as_view(), name="funding-gaps"),
    *router.urls,
]
