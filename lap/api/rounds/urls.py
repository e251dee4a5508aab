"""API: rounds."""

from rest_framework.routers import SimpleRouter

from lap.api.rounds import views

router = SimpleRouter()
router.register("rounds", views.RoundViewSet, basename="round")

urlpatterns = [*router.urls]
