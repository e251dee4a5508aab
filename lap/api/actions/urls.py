"""API: actions."""

from lap.api.actions import views
from lap.api.routers import Router

router = Router()
router.register("actions", views.ActionViewSet, basename="action")

urlpatterns: list = [*router.urls]
