"""API: rounds."""

from lap.api.rounds import views
from lap.api.routers import Router

router = Router()
router.register("rounds", views.RoundViewSet, basename="round")

urlpatterns = [*router.urls]
