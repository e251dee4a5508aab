from django.urls import path
from rest_framework.routers import SimpleRouter

from stakeholders.api import views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    *router.urls,
]
