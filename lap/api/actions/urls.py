"""API: actions."""

from rest_framework.routers import SimpleRouter

from lap.api.actions import views

router = SimpleRouter()
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns: list = [*router.urls]
